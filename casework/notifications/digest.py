"""The daily e-mail digest: plain text and HTML, through the backend EMAIL_URL configures.

It lists what the notification centre lists, by first name and record number only: no
clinical detail leaves the building by e-mail. A day's digest is claimed with a conditional
update before it is sent, so two beats or a retried task never send it twice.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from casework import reminders
from casework.models import UNRESOLVED_REMINDER_STATES, Membership, Reminder, Role, User
from casework.notifications import selectors


def digest_recipients(*, today: date) -> list[int]:
    """People who want a digest, have not had today's, and have something in it. One query."""
    own = Reminder.objects.live(today).filter(recipient=OuterRef("pk"))
    supervised = Membership.objects.filter(user=OuterRef(OuterRef("pk")), role=Role.SUPERVISOR)
    escalated = Reminder.objects.filter(
        escalated=True,
        team_id__in=supervised.values("team_id"),
        state__in=UNRESOLVED_REMINDER_STATES,
    )
    return list(
        User.objects.filter(is_active=True, wants_digest=True)
        .exclude(digest_sent_on=today)
        .filter(Q(Exists(own)) | Q(Exists(escalated)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digest_send(*, user_id: int, today: date) -> bool:
    """Send `user_id` today's digest unless it went already or there is nothing to say.
    A failure to send gives the day back, so the retried task sends it."""
    user = User.objects.filter(pk=user_id, is_active=True, wants_digest=True).first()
    if user is None:
        return False
    items = selectors.digest_for(user=user, today=today)
    if not items:
        return False
    previous = user.digest_sent_on
    claimed = (
        User.objects.filter(pk=user.pk).exclude(digest_sent_on=today).update(digest_sent_on=today)
    )
    if not claimed:
        return False
    try:
        _message(user, items, today=today).send()
    except Exception:
        User.objects.filter(pk=user.pk, digest_sent_on=today).update(digest_sent_on=previous)
        raise
    return True


def _message(user: User, items: list[Reminder], *, today: date) -> EmailMultiAlternatives:
    rows = [
        {
            "subject": r.subject,
            "label": reminders.label_for(r.kind),
            "title": r.title,
            "due_on": r.due_on,
            "overdue": r.due_on < today,
            "escalated_for": r.recipient.full_name if r.recipient_id != user.pk else "",
            "link": settings.SITE_URL + r.url,
        }
        for r in items
    ]
    context = {
        "user": user,
        "rows": rows,
        "today": today,
        "centre_url": settings.SITE_URL + reverse("notifications:list"),
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    subject = render_to_string("casework/notifications/digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("casework/notifications/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("casework/notifications/digest.html", context), "text/html"
    )
    return message
