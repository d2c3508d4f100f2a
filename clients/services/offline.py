"""The keys behind working without signal (issue #26), and taking today's list offline.

Two keys, both made and kept on the server, handed to a signed-in page, held there in memory
only (a non-extractable CryptoKey) and never written to the device's storage:

- the *today* key encrypts the due list and summaries a case manager takes offline. It is
  random, lives in the server session and dies with it: at sign-out, at the session's end
  and 12 hours after it was made. The device's copy of the list is then unreadable, and the
  page also deletes it (static/js/offline/).
- the *queue* key encrypts visits waiting to upload. Words must survive a session that ends
  while the phone has no signal, so this key belongs to the person, not the session: it is
  derived from the server's secret and the user id, handed only to that person's signed-in
  sessions. A queue left on a device after sign-out is ciphertext until its author signs
  in again there (then it uploads); nobody else can read it.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac

from casework.audit import audit_record
from casework.middleware import session_ends_at
from casework.models import User
from clients.selectors.offline import today_summaries

# Shared/domain/security.md: what is taken offline lasts at most a working day.
OFFLINE_LIFETIME = timedelta(hours=12)
_SESSION_KEY = "casework_offline_today"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def queue_key_for(user: User) -> str:
    """The person's queue key (AES-256, base64): the same in each of their sessions."""
    digest = salted_hmac(
        "casework.offline.queue", f"user:{user.pk}", algorithm="sha256"
    ).digest()
    return _b64(digest)


@dataclass(frozen=True)
class TodayKey:
    key: str
    taken_at: datetime
    expires_at: datetime


def today_key(session) -> TodayKey | None:
    """The session's today key while it is valid; an expired one is dropped."""
    kept = session.get(_SESSION_KEY)
    if not kept:
        return None
    expires_at = datetime.fromisoformat(kept["expires_at"])
    if timezone.now() >= expires_at:
        offline_wipe(session=session)
        return None
    return TodayKey(
        key=kept["key"], taken_at=datetime.fromisoformat(kept["taken_at"]), expires_at=expires_at
    )


def offline_wipe(*, session) -> None:
    session.pop(_SESSION_KEY, None)


def offline_take(*, session, viewer: User, today: date) -> tuple[TodayKey, list[dict]]:
    """Make a fresh today key for the session and the due list it will encrypt; audited with
    the clients taken (ids only)."""
    summaries = today_summaries(viewer=viewer, today=today)
    now = timezone.now()
    expires_at = now + OFFLINE_LIFETIME
    if (ends := session_ends_at(session)) is not None:
        expires_at = min(expires_at, datetime.fromtimestamp(ends, tz=now.tzinfo))
    key = TodayKey(key=_b64(secrets.token_bytes(32)), taken_at=now, expires_at=expires_at)
    session[_SESSION_KEY] = {
        "key": key.key,
        "taken_at": now.isoformat(),
        "expires_at": expires_at.isoformat(),
    }
    agencies = sorted({s["agency"] for s in summaries}) or [None]
    for agency_id in agencies:
        audit_record(
            action="clients.offline.taken",
            actor=viewer,
            agency_id=agency_id,
            detail={
                "clients": [s["id"] for s in summaries if s["agency"] == agency_id],
                "expires_at": expires_at.isoformat(),
            },
        )
    return key, summaries
