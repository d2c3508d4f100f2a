"""Production settings (casework.settings with DEBUG off) plus what only the benchmark needs:
a hello-world floor view (bench.urls) and a count of SQL queries per request in a response
header. Never used outside `make bench` / `make drill`."""

import os as _os
from datetime import timedelta as _timedelta

from casework.settings import *  # noqa: F403
from casework.settings import BASE_DIR, MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# Outermost, so the count includes the session and audit writes of the other middleware.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# Collected by the bench itself, apart from a deployment's own STATIC_ROOT.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"

# make drill runs two beats at once and needs them to fire within seconds, not hours.
if _os.environ.get("DRILL_BEAT_SECONDS"):
    _every = _timedelta(seconds=float(_os.environ["DRILL_BEAT_SECONDS"]))
    CELERY_BEAT_SCHEDULE = {
        name: {**entry, "schedule": _every}
        for name, entry in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
        if name in ("reminders-sweep", "reminders-digest")
    }
