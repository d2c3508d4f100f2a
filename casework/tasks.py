"""Celery entry points of the project package. Thin: load, call, return.

Tasks take ids and dates, never names or notes (the broker stores arguments). Enqueue from
web code with `enqueue_on_commit`, which never turns a broker outage into an error page:
reminders are derived from state, so the next scheduled sweep catches up anyway.
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from smtplib import SMTPException

import redis
from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from casework import reminders
from casework.audit_chain import audit_link_pending
from casework.audit_checkpoint import audit_checkpoint_log, audit_checkpoint_take
from casework.models import AuditCheckpoint
from casework.notifications import digest

logger = logging.getLogger(__name__)

# Publishing gives up fast when Redis is down: a web request must not hang on it.
_PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def enqueue_on_commit(task, *args) -> None:
    """Send `task(*args)` once the current transaction commits; log, never raise, if the
    broker is unreachable."""

    def publish() -> None:
        try:
            task.apply_async(args=args, retry=True, retry_policy=_PUBLISH_RETRY)
        except Exception:
            logger.warning("Could not enqueue %s; the next scheduled run catches up", task.name)

    transaction.on_commit(publish)


@functools.cache
def _redis(url: str) -> redis.Redis:
    """One client (and connection pool) per process and URL: a new one per call opened a
    connection for every visit saved. redis-py's pool starts afresh in a forked worker."""
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


# However many changes ask for a sweep, at most one runs per window.
SWEEP_SOON_SECONDS = 60
_SWEEP_SOON_KEY = f"{settings.REDIS_KEY_PREFIX}casework:reminders:sweep-soon"


def reminders_sweep_soon() -> None:
    """After a change that may settle reminders (a visit logged, a client discharged or
    transferred): one sweep within SWEEP_SOON_SECONDS of the commit, not one per change.
    Best effort: with Redis down it logs, and the scheduled sweep catches up."""

    def publish() -> None:
        try:
            if _redis(settings.REDIS_URL).set(_SWEEP_SOON_KEY, "1", nx=True, ex=SWEEP_SOON_SECONDS):
                reminders_sweep.apply_async(
                    countdown=SWEEP_SOON_SECONDS, retry=True, retry_policy=_PUBLISH_RETRY
                )
        except Exception:
            logger.warning("Could not ask for a reminder sweep; the scheduled one catches up")

    transaction.on_commit(publish)


@shared_task(acks_late=True)
def clear_expired_sessions() -> int:
    """Expired sessions are dead weight; deleting them twice is harmless."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(ignore_result=True)
def audit_link() -> int:
    """Link the audit events written since the last run into the chain. A run that finds
    another at work leaves the events to it."""
    return audit_link_pending(recent=True)


@shared_task(acks_late=True)
def audit_checkpoint() -> int:
    """Record the audit chain's head. Twice in a row is harmless: two equal checkpoints."""
    return audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE).pk


@shared_task(acks_late=True)
def audit_checkpoint_daily() -> int:
    """The day's checkpoint, written to the log as well (an anchor outside the database)."""
    return audit_checkpoint_log().pk


@shared_task(acks_late=True)
def reminders_sweep() -> dict[str, int]:
    """Run every reminder rule. Safe to run twice at once (unique key, see reminders.py)."""
    result = reminders.sweep()
    return {"created": result.created, "resolved": result.resolved, "escalated": result.escalated}


@shared_task(acks_late=True)
def reminders_send_digests() -> int:
    """Fan out one digest task per person; each claims its day, so a second beat is harmless."""
    today = timezone.localdate()
    user_ids = digest.digest_recipients(today=today)
    for user_id in user_ids:
        reminders_send_digest.delay(user_id, today.isoformat())
    return len(user_ids)


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=6,
)
def reminders_send_digest(user_id: int, day: str) -> bool:
    return digest.digest_send(user_id=user_id, today=date.fromisoformat(day))
