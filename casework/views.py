from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from casework.permissions import public, requires
from casework.predicates import may_administer


@require_safe
@requires(may_administer)
def teams(request: HttpRequest) -> HttpResponse:
    """The old "Teams and staff" page: an agency admin's teams and staff live on the agency
    pages now (one place); old links and bookmarks land there."""
    return redirect("administration:home")


@require_GET
@never_cache
@public
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when PostgreSQL and Redis both answer; 503 naming the one that does not."""
    checks = {"database": _check_database(), "redis": _check_redis()}
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means unavailable
        return "unavailable"


def _check_redis() -> str:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return "ok"
    except (redis.RedisError, OSError):
        return "unavailable"
