"""The navigation's reminder count, cached per person in Redis (issue 24: the COUNT was about
7 % of a page's CPU, on every page).

A cached count is kept with the reminders' generation, a number every change to reminder rows
moves on (`reminders_changed`, called by the services and the sweep that write them), the
agency's date (a snoozed reminder comes back on a day) and what decides whose reminders count
(the sign-in, the teams supervised: escalations). A count from another generation, day or
sign-in is recounted. The generation moves when the change is made and again when it
commits, so a count read between the two is not kept. Whatever writes reminders by another
path is corrected within BADGE_SECONDS. With Redis unreachable the count comes from the
database, as before."""

from __future__ import annotations

import functools
import logging

import redis
from django.conf import settings
from django.db import transaction

from casework.access import access_for
from casework.models import User

logger = logging.getLogger(__name__)

BADGE_SECONDS = 600
_GENERATION = f"{settings.REDIS_KEY_PREFIX}casework:reminders:generation"


def _badge_key(user_id: int) -> str:
    return f"{settings.REDIS_KEY_PREFIX}casework:reminders:badge:{user_id}"


@functools.cache
def _redis(url: str) -> redis.Redis:
    """One client per process; a page gives up on Redis quickly and counts in the database."""
    return redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.25)


def _stamp(viewer: User, today) -> str:
    login = viewer.last_login.timestamp() if viewer.last_login else 0
    teams = ",".join(map(str, sorted(access_for(viewer).supervised_team_ids)))
    return f"{today.isoformat()}|{login}|{teams}"


def badge_count(*, viewer: User, today, count) -> int:
    """`count()` (the live count), unless this generation already counted it for `viewer`
    today: one Redis round trip instead of a query."""
    try:
        client = _redis(settings.REDIS_URL)
        generation, cached = client.mget(_GENERATION, _badge_key(viewer.pk))
    except redis.RedisError:
        logger.warning("Redis unreachable: the reminder badge is counted in the database")
        return count()
    generation = (generation or b"0").decode()
    stamp = _stamp(viewer, today)
    if cached:
        kept_generation, rest = cached.decode().split("|", 1)
        kept_stamp, kept_count = rest.rsplit("|", 1)
        if kept_generation == generation and kept_stamp == stamp:
            return int(kept_count)
    value = count()
    try:
        client.set(_badge_key(viewer.pk), f"{generation}|{stamp}|{value}", ex=BADGE_SECONDS)
    except redis.RedisError:
        pass
    return value


def move_generation() -> None:
    """Every cached badge is recounted on its next page (no transaction involved)."""
    try:
        _redis(settings.REDIS_URL).incr(_GENERATION)
    except redis.RedisError:
        logger.warning("Redis unreachable: reminder badges may lag by up to %ss", BADGE_SECONDS)


def reminders_changed() -> None:
    """Call after writing reminder rows: every cached badge is recounted on its next page."""
    move_generation()
    transaction.on_commit(move_generation)
