"""Working without signal (issue #26): the page that works offline, the keys it holds in
memory, "Take today offline", and what makes Casework installable (the web app manifest, its
icons and the service worker). Thin: the rules and keys live in `clients.services.offline`."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from casework.permissions import SAFE, public, requires, signed_in
from clients.forms.visits import VisitForm
from clients.predicates import may_work_offline
from clients.services import offline as services

# The Workbox modules the service worker loads (installed from npm, served as static files).
WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies")


@requires(may_work_offline, methods=SAFE)
def offline_page(request: HttpRequest) -> HttpResponse:
    """The page that keeps working without signal. It holds no client information itself:
    the list arrives encrypted (offline_take) and the page decrypts it in memory, so the
    service worker may keep this page for use offline."""
    form = VisitForm(standard_days=0)
    return render(request, "clients/offline/today.html", {"form": form})


def _keys(request: HttpRequest) -> dict:
    today = services.today_key(request.session)
    return {
        "user": request.user.pk,
        "queue_key": services.queue_key_for(request.user),
        "today": (
            {"key": today.key, "expires_at": today.expires_at.isoformat()} if today else None
        ),
        "csrf_token": get_token(request),
    }


@requires(may_work_offline, methods=SAFE)
def offline_keys(request: HttpRequest) -> JsonResponse:
    """The keys the signed-in page holds in memory: the person's queue key and, while it
    lasts, the session's today key. Never cached (NoStoreMiddleware)."""
    return JsonResponse(_keys(request))


@requires(may_work_offline, methods=["POST"])
def offline_take(request: HttpRequest) -> JsonResponse:
    """One tap: a new today key for this session and today's due list to encrypt with it."""
    key, summaries = services.offline_take(
        session=request.session, viewer=request.user, today=timezone.localdate()
    )
    return JsonResponse(
        {
            **_keys(request),
            "taken_at": key.taken_at.isoformat(),
            "clients": summaries,
        }
    )


@requires(signed_in)
@require_POST
def offline_wipe(request: HttpRequest) -> JsonResponse:
    """The device wiped today's list: the session forgets its key too."""
    services.offline_wipe(session=request.session)
    return JsonResponse({"status": "wiped"})


@public
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so it may serve the offline page. Built on
    Workbox from npm; it caches Casework's static files and the offline page, never a
    record page."""
    static_prefix = settings.STATIC_URL
    if not static_prefix.startswith(("/", "http")):
        static_prefix = f"/{static_prefix}"
    values = {
        "modules": {
            name: static(f"vendor/workbox/{name}/{name}.prod.js") for name in WORKBOX_MODULES
        },
        "workbox_sw": static("vendor/workbox/workbox-sw/workbox-sw.js"),
        "version": _version(),
        "static_prefix": static_prefix,
        "shell_url": reverse("clients:offline"),
    }
    # Values go in as JSON literals, so nothing in them can break out of the script.
    context = {f"{key}_json": json.dumps(value) for key, value in values.items()}
    response = render(
        request, "clients/offline/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    # The browser checks for a new worker on each visit; never serve it stale.
    response["Cache-Control"] = "no-cache"
    return response


def _version() -> str:
    """Changes with the worker's inputs, so a deploy replaces the cached files."""
    return static("vendor/workbox/workbox-sw/workbox-sw.js").rsplit("/", 1)[-1] + "-1"


@public
@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: Casework installs to the home screen and opens on the dashboard.
    The icons are SVG (static/icons/, drawn from the favicon), which scale to any size."""
    body = {
        "name": "Casework",
        "short_name": "Casework",
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#123a5e",
        "icons": [
            {"src": static("icons/casework.svg"), "sizes": "any", "type": "image/svg+xml"},
            {
                "src": static("icons/casework-maskable.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": "Today, offline", "url": reverse("clients:offline")}],
    }
    return JsonResponse(body, content_type="application/manifest+json")
