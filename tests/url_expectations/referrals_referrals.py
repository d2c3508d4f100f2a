"""referrals: closed-loop referrals. Readable by the client's team (compliance read-only,
403 on writes); 404 for the outsider and for the agency admin without a clinical role.
"My open referrals" is everyone's own list (empty for the admin). "Refer a client" from a
directory service needs a team the user may write to."""

from django.utils import timezone

from tests.factories import ConsentReleaseFactory, ReferralFactory

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}


def _client(c):
    return {"client_id": c["client_a"].pk}


def _draft(c):
    referral = ReferralFactory(client=c["client_a"], referred_by=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": referral.pk}


def _sent(c):
    """A referral sent under a release that names its organisation (built directly: the
    matrix needs the row, the services' own tests send through the gate)."""
    referral = ReferralFactory(client=c["client_a"], referred_by=c["case_manager"])
    consent = ConsentReleaseFactory(
        client=c["client_a"],
        recipient_kind="organization",
        related_person=None,
        recipient_name=referral.organization.name,
        categories=["general"],
    )
    referral.status, referral.consent, referral.sent_on = "sent", consent, timezone.localdate()
    referral.follow_up_on = timezone.localdate()
    referral.save()
    return {"client_id": c["client_a"].pk, "pk": referral.pk}


def _service(c):
    referral = ReferralFactory(client=c["client_a"], referred_by=c["case_manager"])
    return {"pk": referral.service_id}


EXPECTED: dict[str, tuple] = {
    "referrals:mine": (None, {"anonymous": 302, "*": 200}, 405),
    # Supervisors only: their teams' open referrals (tests/referrals/test_team_referrals.py).
    "referrals:team": (None, {"anonymous": 302, "supervisor": 200, "*": 403}, 405),
    "referrals:client_referrals": (_client, _READ, 405),
    "referrals:referral_panel": (_client, _READ, 405),
    "referrals:referral_detail": (_sent, _READ, 405),
    "referrals:referral_packet": (_sent, _READ, 405),
    # POST only: each print is a disclosure; the release in `_sent` covers it (redirect).
    "referrals:referral_packet_print": (
        _sent,
        {"anonymous": 302, "*": 405},
        {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404},
    ),
    # GET without a service asks for one (a directory search).
    "referrals:referral_create": (_client, _WRITE, _WRITE_POST),
    "referrals:referral_edit": (_draft, _WRITE, _WRITE_POST),
    # GET shows the consent gate's answer; an empty POST is "out of date", sends nothing.
    "referrals:referral_send": (_draft, _WRITE, _WRITE_POST),
    "referrals:referral_status": (_sent, _WRITE, _WRITE_POST),
    "referrals:referral_follow_up": (_sent, _WRITE, _WRITE_POST),
    "referrals:service_refer": (
        _service,
        {"anonymous": 302, "compliance": 403, "admin_user": 403, "*": 200},
        405,
    ),
}
