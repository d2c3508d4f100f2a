"""Casework settings: one module, driven by the environment (and an optional `.env`).

A fresh checkout runs on the defaults in development; with DEBUG off every secret must be
given and the production hardening below is on. Bad values fail at start-up, not later.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from casework.storage import default_storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "casework",
    "directory",
    "clients",
    "careplans",
    "referrals",
    "reports",
    "supervision",
    "exports",
    "administration",
    # Composed from every app above: the home dashboard and the navigation.
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casework.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, reading the user and a TOTP device in one query.
    "casework.middleware.SignedInMiddleware",
    "casework.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "casework.middleware.SessionLifetimeMiddleware",
    "casework.middleware.NoStoreMiddleware",
    "casework.middleware.AccessDeniedAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.navigation_items",
                "casework.notifications.context.notification_count",
                "casework.security.context.emergency_banner",
            ],
        },
    },
    # Row-heavy fragments only, rendered with `using="jinja2"` (casework/jinja2.py says why).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja_templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "casework.jinja2.environment"},
    },
]

# --- Data stores -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/casework")
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Casework runs on PostgreSQL only: check DATABASE_URL.")
# Reuse connections, but check them first so a restarted PostgreSQL is survived.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No JIT: PostgreSQL compiled the large reminder-rule queries for 5-12 s each (the estimate
# crosses jit_above_cost on the correlated subqueries) to run them in under 2 s; short OLTP
# queries never gain from it (docs/benchmarks.md).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Least privilege (casework/db_roles.py, docs/security.md): the application connects as a role
# that owns no table (DATABASE_URL); migrations run as the owner (DATABASE_MIGRATE_URL, needed
# only where `manage.py migrate` runs). Without it, DATABASE_URL's login does both.
DATABASE_MIGRATE = None
if _migrate_url := env.str("DATABASE_MIGRATE_URL", default=""):
    DATABASE_MIGRATE = env.db_url_config(_migrate_url)
    if DATABASE_MIGRATE["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_MIGRATE_URL must name a PostgreSQL database.")
    if DATABASE_MIGRATE["USER"] == DATABASES["default"]["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_MIGRATE_URL must log in as the owner, another role than DATABASE_URL's."
        )
    if DATABASE_MIGRATE["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured("DATABASE_MIGRATE_URL must name DATABASE_URL's database.")
    DATABASE_MIGRATE.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Every key Casework writes in Redis (Celery's queues included) starts with this, so two
# users of one Redis database stay apart: each parallel test worker gets its own
# (casework/testing.py).
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")


def _kombu_url(redis_url: str) -> str:
    """redis-py spells a socket `unix://path`; kombu spells it `redis+socket://path`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CELERY_BROKER_URL = _kombu_url(REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when Redis is down: give up publishing quickly. A task taken by
# a worker that then dies (SIGKILL, lost machine) goes back to the queue after the visibility
# timeout; every task here is safe to run twice, and none runs longer than this.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "global_keyprefix": REDIS_KEY_PREFIX,
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = env.str("TIME_ZONE", default="America/Los_Angeles")

# --- Reminders (casework.reminders; windows per program live on Program) ------------------
# A check-in shows this many days before it is due; escalated to the team's supervisors once
# overdue by more than REMINDER_ESCALATE_AFTER_DAYS.
REMINDER_CHECKIN_NOTICE_DAYS = env.int("REMINDER_CHECKIN_NOTICE_DAYS", default=2)
REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=7)
# A completed contact is due within this many days of a psychiatric hospital discharge;
# discharges older than the look-back raise no reminder.
REMINDER_DISCHARGE_FOLLOW_UP_DAYS = env.int("REMINDER_DISCHARGE_FOLLOW_UP_DAYS", default=7)
REMINDER_DISCHARGE_LOOKBACK_DAYS = env.int("REMINDER_DISCHARGE_LOOKBACK_DAYS", default=30)
# A draft note still unsigned this long after the contact (or past its program's signing
# deadline, whichever is first) reminds its author.
REMINDER_UNSIGNED_NOTE_HOURS = env.int("REMINDER_UNSIGNED_NOTE_HOURS", default=72)
REMINDER_SNOOZE_MAX_DAYS = env.int("REMINDER_SNOOZE_MAX_DAYS", default=90)
REMINDER_SWEEP_MINUTES = env.int("REMINDER_SWEEP_MINUTES", default=60)
REMINDER_DIGEST_HOUR = env.int("REMINDER_DIGEST_HOUR", default=7)
# The care-plan review reminder shows this many days before the review is due.
REMINDER_PLAN_REVIEW_NOTICE_DAYS = env.int("REMINDER_PLAN_REVIEW_NOTICE_DAYS", default=14)
# The reassessment reminder shows this many days before a client's reassessment is due.
REMINDER_REASSESSMENT_NOTICE_DAYS = env.int("REMINDER_REASSESSMENT_NOTICE_DAYS", default=14)
# Appointments remind the case manager who booked them this many days ahead (1: the day
# before); a missed one not followed up this many days later reminds (and escalates).
REMINDER_APPOINTMENT_NOTICE_DAYS = env.int("REMINDER_APPOINTMENT_NOTICE_DAYS", default=1)
REMINDER_MISSED_APPOINTMENT_DAYS = env.int("REMINDER_MISSED_APPOINTMENT_DAYS", default=2)
for _name in (
    "REMINDER_CHECKIN_NOTICE_DAYS",
    "REMINDER_ESCALATE_AFTER_DAYS",
    "REMINDER_DISCHARGE_FOLLOW_UP_DAYS",
    "REMINDER_DISCHARGE_LOOKBACK_DAYS",
    "REMINDER_UNSIGNED_NOTE_HOURS",
    "REMINDER_SNOOZE_MAX_DAYS",
    "REMINDER_PLAN_REVIEW_NOTICE_DAYS",
    "REMINDER_REASSESSMENT_NOTICE_DAYS",
    "REMINDER_APPOINTMENT_NOTICE_DAYS",
    "REMINDER_MISSED_APPOINTMENT_DAYS",
):
    if vars()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} cannot be negative.")
if REMINDER_SWEEP_MINUTES < 1 or not 0 <= REMINDER_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("REMINDER_SWEEP_MINUTES >= 1; REMINDER_DIGEST_HOUR 0-23.")
# Links in e-mail digests need the site's address.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# Minutes between checkpoints of the audit chain; `verify_audit_chain` fails when the events
# no checkpoint covers span more than twice this (checkpoints deleted, or beat not running).
AUDIT_CHECKPOINT_MINUTES = env.int("AUDIT_CHECKPOINT_MINUTES", default=60)
if not 1 <= AUDIT_CHECKPOINT_MINUTES <= 24 * 60:
    raise ImproperlyConfigured("AUDIT_CHECKPOINT_MINUTES must be between 1 and 1440.")
# Seconds between the sequencer's runs, which link new audit events into the chain
# (casework/audit_chain.py), and how far back each run looks for an event not linked yet (a
# transaction that committed late); checkpoints and verification look at every event.
AUDIT_LINK_SECONDS = env.int("AUDIT_LINK_SECONDS", default=10)
AUDIT_LINK_LOOKBACK_MINUTES = env.int("AUDIT_LINK_LOOKBACK_MINUTES", default=60)
if AUDIT_LINK_SECONDS < 1 or AUDIT_LINK_LOOKBACK_MINUTES < 1:
    raise ImproperlyConfigured("AUDIT_LINK_SECONDS and AUDIT_LINK_LOOKBACK_MINUTES must be >= 1.")

CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "casework.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=6),
    },
    "reminders-sweep": {
        "task": "casework.tasks.reminders_sweep",
        "schedule": timedelta(minutes=REMINDER_SWEEP_MINUTES),
    },
    "reminders-digest": {
        "task": "casework.tasks.reminders_send_digests",
        "schedule": crontab(hour=REMINDER_DIGEST_HOUR, minute=0),
    },
    # New audit events linked into the chain, off the requests' path.
    "audit-link": {
        "task": "casework.tasks.audit_link",
        "schedule": timedelta(seconds=AUDIT_LINK_SECONDS),
    },
    # The audit chain's head and length, recorded where the application cannot rewrite them
    # (casework/audit_checkpoint.py); once a day also in the log.
    "audit-checkpoint": {
        "task": "casework.tasks.audit_checkpoint",
        "schedule": timedelta(minutes=AUDIT_CHECKPOINT_MINUTES),
    },
    "audit-checkpoint-daily": {
        "task": "casework.tasks.audit_checkpoint_daily",
        "schedule": crontab(hour=0, minute=30),
    },
    # The agency export's files are deleted when their link expires, whether or not anyone
    # opens the exports page again.
    "agency-exports-purge": {
        "task": "exports.tasks.agency_exports_purge_task",
        "schedule": timedelta(minutes=15),
    },
}

# --- Identity, sign-in and sessions ------------------------------------------------------
AUTH_USER_MODEL = "casework.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle time-out: the cookie lives this long after the last request (45 CFR 170.315(d)(5)).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Absolute lifetime: a session ends this long after sign-in, however active.
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
# An active session is saved (its idle expiry pushed on) at most once a minute, not on every
# request: casework.middleware.SessionLifetimeMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, read with a plain statement instead of the ORM's (less CPU).
SESSION_ENGINE = "casework.session_store"
SESSION_REFRESH_INTERVAL = env.int("SESSION_REFRESH_INTERVAL", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock the account from that address: a shared office IP must not lock out the whole team.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form's field is `username` (holding the e-mail address); count failures per
# address whatever its case, so "CM@x" and "cm@x" share one lockout.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "casework.forms.lockout_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Every failed sign-in, lockout and attempt during one is an audit event too: axes' own
# records go at the next successful sign-in (casework/audit_signin.py).
AXES_HANDLER = "casework.audit_signin.AuditedAxesHandler"

# Two-factor sign-in (django-otp): every staff account signs in with a TOTP code or a
# single-use recovery code. On by default outside development, demo and tests.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not (DEBUG or env.bool("TESTING", default=False)))
OTP_TOTP_ISSUER = "Casework"
# Recovery codes issued at enrolment; each works once.
TWO_FACTOR_RECOVERY_CODES = 10

# Emergency ("break the glass") access to a client outside one's teams lasts this long.
EMERGENCY_ACCESS_HOURS = env.int("EMERGENCY_ACCESS_HOURS", default=4)
if not 1 <= EMERGENCY_ACCESS_HOURS <= 72:
    raise ImproperlyConfigured("EMERGENCY_ACCESS_HOURS must be between 1 and 72.")
# Audit report CSV exports allowed per person per hour.
AUDIT_EXPORTS_PER_HOUR = env.int("AUDIT_EXPORTS_PER_HOUR", default=10)
if AUDIT_EXPORTS_PER_HOUR < 1:
    raise ImproperlyConfigured("AUDIT_EXPORTS_PER_HOUR must be positive.")
# Report downloads (CSV or XLSX) allowed per person per hour.
REPORT_EXPORTS_PER_HOUR = env.int("REPORT_EXPORTS_PER_HOUR", default=30)
if REPORT_EXPORTS_PER_HOUR < 1:
    raise ImproperlyConfigured("REPORT_EXPORTS_PER_HOUR must be positive.")

# --- Mail --------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Casework <casework@localhost>")

# --- Contact notes ----------------------------------------------------------------------
# A note signed more than this many hours after the contact is marked LATE ENTRY.
LATE_ENTRY_HOURS = env.int("LATE_ENTRY_HOURS", default=24)
if LATE_ENTRY_HOURS < 1:
    raise ImproperlyConfigured("LATE_ENTRY_HOURS must be at least 1.")

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
# Every date and time on every page comes from the agency's locale's formats module
# (casework/formats/<language>/formats.py); templates name a format, never spell one.
FORMAT_MODULE_PATH = ["casework.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Third-party assets come from npm (package-lock.json) at install time, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # The service worker's library (clients/views/offline.py), one folder per module.
    *(
        (f"vendor/workbox/{name}", NODE_MODULES / name / "build")
        for name in ("workbox-sw", "workbox-core", "workbox-routing", "workbox-strategies")
    ),
]
# Uploaded files on the local disk (MEDIA_ROOT), or in an S3-compatible bucket named by
# STORAGE_URL (casework/storage.py) when more than one web machine serves them.
STORAGES = {
    "default": default_storage_from_url(env.str("STORAGE_URL", default="")),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env.bool("TESTING", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded client documents (clients.services.documents): never served from MEDIA_URL, only by
# the access-checked download view. The size limit is per file.
CLIENT_DOCUMENT_MAX_BYTES = env.int("CLIENT_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
if CLIENT_DOCUMENT_MAX_BYTES < 1:
    raise ImproperlyConfigured("CLIENT_DOCUMENT_MAX_BYTES must be positive.")
# The caseload import and the bulk staff invitation (administration/): the largest file
# accepted, refused before it is read.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
if IMPORT_MAX_BYTES < 1:
    raise ImproperlyConfigured("IMPORT_MAX_BYTES must be positive.")
# Caseload files up to this size (all files of one upload together) are checked in the web
# request; larger ones by a Celery worker while the page shows the check running
# (docs/benchmarks.md: 5,000 clients take 4 to 12 s to check).
IMPORT_CHECK_INLINE_BYTES = env.int("IMPORT_CHECK_INLINE_BYTES", default=40_000)
# Releases of information expiring within this many days are listed for the case manager and
# reminded (clients.reminders_consent).
CONSENT_EXPIRY_NOTICE_DAYS = env.int("CONSENT_EXPIRY_NOTICE_DAYS", default=30)
if CONSENT_EXPIRY_NOTICE_DAYS < 1:
    raise ImproperlyConfigured("CONSENT_EXPIRY_NOTICE_DAYS must be positive.")
# Referrals (referrals.services.referral, referrals.reminders): the first follow-up falls this
# many days after sending (the urgent figure for urgent referrals); the follow-up reminder shows
# this many days ahead; a referral sent this long ago with no outcome reminds its referrer.
REFERRAL_FOLLOW_UP_DAYS = env.int("REFERRAL_FOLLOW_UP_DAYS", default=7)
REFERRAL_URGENT_FOLLOW_UP_DAYS = env.int("REFERRAL_URGENT_FOLLOW_UP_DAYS", default=2)
REFERRAL_FOLLOW_UP_NOTICE_DAYS = env.int("REFERRAL_FOLLOW_UP_NOTICE_DAYS", default=1)
REFERRAL_NO_OUTCOME_DAYS = env.int("REFERRAL_NO_OUTCOME_DAYS", default=30)
if min(REFERRAL_FOLLOW_UP_DAYS, REFERRAL_URGENT_FOLLOW_UP_DAYS, REFERRAL_NO_OUTCOME_DAYS) < 1:
    raise ImproperlyConfigured("Referral follow-up and no-outcome windows must be positive.")
if REFERRAL_FOLLOW_UP_NOTICE_DAYS < 0:
    raise ImproperlyConfigured("REFERRAL_FOLLOW_UP_NOTICE_DAYS must be 0 or more.")

# --- Exports (exports/): FHIR, the client's copy, the whole agency's export ---------------
# The agency's own code systems and identifiers live under this URL (exports.fhir.codes).
FHIR_BASE_URL = env.str("FHIR_BASE_URL", default="https://casework.example.org/fhir")
# An agency export's download link works this many hours, then the file is deleted.
AGENCY_EXPORT_HOURS = env.int("AGENCY_EXPORT_HOURS", default=24)
if not 1 <= AGENCY_EXPORT_HOURS <= 168:
    raise ImproperlyConfigured("AGENCY_EXPORT_HOURS must be between 1 and 168.")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Browser security --------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

if not DEBUG:
    # TLS ends at the reverse proxy, which must send X-Forwarded-Proto (see README).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging: no clinical text ever goes here --------------------------------------------
# Error reports (mail_admins) show no local variables, POST values or query strings.
DEFAULT_EXCEPTION_REPORTER = "casework.security.error_reports.ClinicalSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "casework.security.error_reports.ClinicalSafeExceptionReporterFilter"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The daily audit checkpoint is an anchor kept outside the database: always logged.
    "loggers": {"axes": {"level": "WARNING"}, "casework.audit": {"level": "INFO"}},
}
