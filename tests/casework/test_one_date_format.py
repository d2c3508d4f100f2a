"""One date and time format everywhere, from the agency's locale; one breadcrumb root for every
client page; a reminder never says "tomorrow" on the day itself."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from casework import reminders
from casework.models import Reminder
from clients.appointment_reminders import APPOINTMENT_TOMORROW, RULES
from tests.factories import AppointmentFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
}
# Parts beside a named format: the weekday ("Mon 7 Dec 2026") and the calendar's day number.
PARTS = {"D", "l", "j"}
# Values for machines (URLs, form inputs, timestamps), allowed only inside an attribute.
MACHINE = {"Y-m-d", "U", "c", "H:i"}
FILTER = re.compile(r"\|(date|time):(['\"])(.*?)\2")


def _ad_hoc_formats() -> list[str]:
    found = []
    for path in TEMPLATES.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        for match in FILTER.finditer(text):
            fmt = match.group(3)
            if fmt in NAMED or fmt in PARTS:
                continue
            if fmt in MACHINE and match.group(2) == "'":
                continue  # machine values are written in single quotes inside attributes
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)}")
    return found


def test_no_template_spells_out_a_date_format():
    assert _ad_hoc_formats() == []


def test_a_bare_date_filter_is_not_needed_to_be_consistent():
    # `|date` alone means DATE_FORMAT: allowed, and the same as naming it.
    assert date_format(date(2026, 12, 7)) == date_format(date(2026, 12, 7), "DATE_FORMAT")


def test_the_agencys_formats_come_from_its_locale_module():
    assert settings.FORMAT_MODULE_PATH == ["casework.formats"]
    day = date(2026, 12, 7)
    at = datetime(2026, 12, 7, 15, 30)
    assert date_format(day) == "7 Dec 2026"
    assert date_format(at, "DATETIME_FORMAT") == "7 Dec 2026, 15:30"
    assert date_format(at, "SHORT_DATETIME_FORMAT") == "7 Dec, 15:30"
    assert date_format(at, "TIME_FORMAT") == "15:30"


def test_python_messages_use_the_agencys_format_not_their_own():
    """Dates in messages shown to people go through date_format; `:%d %b %Y`-style f-strings
    are for file names and machine text only."""
    root = Path(settings.BASE_DIR)
    spelled = re.compile(r"\{[a-z_.]+:%[aAbdB-]")
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for app in ("casework", "clients", "careplans", "referrals", "supervision")
        for p in (root / app).rglob("*.py")
        if "migrations" not in p.parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if spelled.search(line)
    ]
    assert offenders == []


def test_scripts_show_times_on_the_agencys_24_hour_clock():
    """A time a script writes on the page reads as TIME_FORMAT does, not as the browser's
    locale would ("03:30 PM" beside "15:30")."""
    scripts = Path(settings.BASE_DIR) / "static" / "js"
    calls = []
    for path in scripts.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"toLocale(?:Time|Date)?String\((.*?)\)", text, re.S):
            calls.append((path.name, match.group(1)))
    assert calls, "the scan finds the scripts' dates"
    assert [name for name, args in calls if 'hourCycle: "h23"' not in args] == []


# --- Breadcrumbs --------------------------------------------------------------------------


def test_every_client_breadcrumb_starts_from_the_one_root():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for crumb in re.findall(r'<ol class="breadcrumb">(.*?)</ol>', text, re.S):
            if "clients:detail" in crumb and "clients/_crumb_root.html" not in crumb:
                if path.name not in {"client_detail.html", "client_form.html"}:
                    offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def _crumbs(body: str) -> list[str]:
    crumb = re.search(r'<ol class="breadcrumb">(.*?)</ol>', body, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
        for li in re.findall(r"<li[^>]*>(.*?)</li>", crumb, re.S)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "clients:detail",
        "careplans:plan_list",
        "careplans:assessments",
        "clients:consents",
        "clients:care_team",
        "clients:documents",
    ],
)
def test_client_pages_share_the_breadcrumb_root(client, case_manager, client_a, url_name):
    client.force_login(case_manager)
    try:
        url = reverse(url_name, args=[client_a.pk])
    except Exception:  # noqa: BLE001 - some routes name the client `client_id`
        url = reverse(url_name, kwargs={"client_id": client_a.pk})
    body = client.get(url).content.decode()
    crumbs = _crumbs(body)
    assert crumbs[:2] == ["Find a client", client_a.display_name], crumbs


# --- Reminders ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_appointment_reminder_says_the_day_and_never_today_or_tomorrow(
    clock, case_manager, client_a
):
    start = timezone.localtime().replace(hour=10, minute=30) + timedelta(days=1)
    AppointmentFactory(client=client_a, staff=case_manager, starts_at=start)
    reminders.sweep()
    reminder = Reminder.objects.get(recipient=case_manager, kind=APPOINTMENT_TOMORROW)
    label = str(next(r.label for r in RULES if r.kind == APPOINTMENT_TOMORROW))
    # On the day itself the same reminder is still open: nothing in it may go stale.
    clock.set(start - timedelta(hours=2))
    reminders.sweep()
    reminder.refresh_from_db()
    assert reminder.resolved_at is None
    words = f"{label} · {reminder.title}".lower()
    assert "tomorrow" not in words and "today" not in words
    assert date_format(timezone.localtime(start), "SHORT_DATETIME_FORMAT") in reminder.title
