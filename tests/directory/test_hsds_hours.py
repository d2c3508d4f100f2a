"""Opening hours follow the schedule's whole RRULE subset (python-dateutil decides): a monthly
"first Monday", every other week from its dtstart, a schedule that ended in 2020, a count,
a UTC offset. "Open now" in search and on the page never says open wrongly, and the hours are
said in words."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from directory import hours
from directory.models import Schedule
from directory.selectors.directory import DirectoryQuery, directory_search
from tests.clock import agency_instant
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _schedule(service, **fields) -> Schedule:
    defaults = {"opens_at": time(9), "closes_at": time(17)}
    return Schedule.objects.create(agency=service.agency, service=service, **defaults | fields)


@pytest.fixture
def service(agency):
    return ServiceFactory(organization__agency=agency, name="Drop-in Clinic")


def _open_in_search(viewer, moment) -> list[str]:
    results = directory_search(viewer=viewer, query=DirectoryQuery(open_now=True), now=moment)
    return [s.name for s in results]


def test_the_first_monday_of_the_month_is_open_and_the_second_is_not(service, case_manager):
    row = _schedule(service, freq="MONTHLY", byday="1MO", dtstart=date(2024, 1, 1))
    first = agency_instant("10:00", date(2026, 2, 2))
    second = agency_instant("10:00", date(2026, 2, 9))

    assert hours.is_open(row, first) is True
    assert hours.is_open(row, second) is False
    assert _open_in_search(case_manager, first) == ["Drop-in Clinic"]
    assert _open_in_search(case_manager, second) == []
    assert hours.describe(row) == "1st Monday of every month 09:00–17:00"


def test_every_other_week_counts_from_dtstart(service, case_manager):
    row = _schedule(service, freq="WEEKLY", interval=2, byday="WE", dtstart=date(2026, 1, 7))
    on = agency_instant("10:00", date(2026, 1, 21))
    off = agency_instant("10:00", date(2026, 1, 28))

    assert (hours.is_open(row, on), hours.is_open(row, off)) == (True, False)
    assert _open_in_search(case_manager, on) == ["Drop-in Clinic"]
    assert _open_in_search(case_manager, off) == []
    assert hours.describe(row) == "Every 2 weeks: Wed 09:00–17:00"
    assert hours.next_opening(row, off) == agency_instant("09:00", date(2026, 2, 4))


def test_a_schedule_that_ended_in_2020_is_never_open_now(service, case_manager):
    row = _schedule(
        service, freq="WEEKLY", interval=2, byday="MO,TU,WE,TH,FR,SA,SU",
        dtstart=date(2019, 1, 7), valid_to=date(2020, 6, 30),
    )  # fmt: skip
    moment = agency_instant("10:00", date(2026, 3, 3))

    assert hours.is_open(row, moment) is False
    assert hours.has_ended(row, moment.date())
    assert hours.next_opening(row, moment) is None
    assert _open_in_search(case_manager, moment) == []
    assert hours.describe(row).endswith("until 30 Jun 2020")


def test_plain_weekly_hours_with_an_end_date_close_in_sql_too(service, case_manager):
    _schedule(service, byday="MO,TU,WE,TH,FR", valid_to=date(2020, 12, 31))
    moment = agency_instant("10:00", date(2026, 3, 3))
    assert _open_in_search(case_manager, moment) == []


def test_interval_without_a_start_is_unknown_never_open(service, case_manager):
    row = _schedule(service, freq="WEEKLY", interval=2, byday="TU")
    moment = agency_instant("10:00", date(2026, 3, 3))  # a Tuesday
    assert hours.is_open(row, moment) is None
    assert _open_in_search(case_manager, moment) == []


def test_a_count_ends_the_schedule(service):
    row = _schedule(service, freq="WEEKLY", byday="MO", count=2, dtstart=date(2026, 2, 2))
    assert hours.is_open(row, agency_instant("10:00", date(2026, 2, 9))) is True
    assert hours.is_open(row, agency_instant("10:00", date(2026, 2, 16))) is False
    assert hours.has_ended(row, date(2026, 2, 17))


def test_a_utc_offset_moves_the_hours(service, case_manager):
    # 09:00-17:00 at UTC+0 is 01:00-09:00 (PST) or 02:00-10:00 (PDT) in the agency's zone.
    row = _schedule(service, byday="TU", timezone=0)
    assert hours.is_open(row, agency_instant("00:30", date(2026, 3, 3))) is False
    assert hours.is_open(row, agency_instant("01:30", date(2026, 3, 3))) is True
    assert _open_in_search(case_manager, agency_instant("01:30", date(2026, 3, 3))) == [
        "Drop-in Clinic"
    ]
    assert hours.describe(row) == "Tue 09:00–17:00 (UTC+0)"


def test_plain_weekly_hours_are_decided_by_sql_and_by_dateutil_alike(service):
    row = _schedule(service, byday="MO,WE")
    for day in range(2, 9):  # 2-8 March 2026, Monday to Sunday
        for at in ("08:59", "09:00", "16:59", "17:00"):
            moment = agency_instant(at, date(2026, 3, day))
            in_sql = Schedule.objects.filter(hours.simple_open_at(moment), pk=row.pk).exists()
            assert in_sql == bool(hours.is_open(row, moment)), (day, at)


def test_the_service_page_shows_each_schedule_in_words_with_its_state(
    client, case_manager, service, clock
):
    clock.at("10:00", day=date(2026, 2, 2))  # the first Monday of February
    _schedule(service, freq="MONTHLY", byday="1MO", dtstart=date(2024, 1, 1),
              description="Walk-in")  # fmt: skip
    _schedule(service, byday="TU", valid_to=date(2020, 1, 31), notes="Winter only")
    client.force_login(case_manager)

    page = client.get(reverse("directory:service_detail", args=[service.pk])).content.decode()

    assert "1st Monday of every month 09:00–17:00" in page and "Walk-in" in page
    assert "Tue 09:00–17:00, until 31 Jan 2020" in page and "Ended" in page
    assert "Winter only" in page
    assert page.count("Open now") == 2  # the header badge and the monthly row
