"""Downloads: the same numbers as the screen, in CSV and in an XLSX that openpyxl opens;
formula-like text neutralised; every download in the audit trail with its parameters and
no client's name."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from casework.models import AuditEvent
from reports.registry import REPORTS

pytestmark = pytest.mark.django_db

PARAMS = {"start": "2026-03-01", "end": "2026-04-30"}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _screen(client, slug, params):
    return client.get(reverse("reports:report", args=[slug]), params).context["report"]


def _download(client, slug, fmt, params):
    response = client.get(reverse(f"reports:download_{fmt}", args=[slug]), params)
    assert response.status_code == 200
    return response, _body(response)


def _csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    """Title -> rows (headers first) of each table in the CSV."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    sections, current = {}, None
    for i, row in enumerate(rows):
        if not row:
            current = sections.setdefault(rows[i + 1][0], [])
            continue
        if current is not None and row != [next(k for k in sections if sections[k] is current)]:
            current.append(row)
    return sections


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_the_xlsx_holds_the_numbers_on_the_screen(client, world, supervisor, team_a, slug):
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    report = _screen(client, slug, params)
    response, data = _download(client, slug, "xlsx", params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{slug}-20260301-20260430.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "About"
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["Team or program"] == "Team A"
    assert about["From"].date().isoformat() == "2026-03-01"
    tables = [*report.tables, *report.lists]
    assert len(book.sheetnames) == 1 + len(tables)
    for table, name in zip(tables, book.sheetnames[1:], strict=True):
        rows = [list(r) for r in book[name].iter_rows(values_only=True)]
        assert rows[0][0] == table.title
        assert rows[1] == table.headers
        expected = [*table.rows, *([table.total] if table.total else [])]
        assert [_plain(r) for r in rows[2:]] == [_plain(r) for r in expected]


def _plain(row):
    # openpyxl reads dates back as datetimes at midnight.
    return [v.date() if hasattr(v, "date") and callable(v.date) else v for v in row]


@pytest.mark.parametrize("slug", ["contacts", "follow-up", "referrals"])
def test_the_csv_holds_the_numbers_on_the_screen(client, world, supervisor, team_a, slug):
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    report = _screen(client, slug, params)
    response, data = _download(client, slug, "csv", params)
    assert response["Content-Type"].startswith("text/csv")
    sections = _csv_sections(data)
    for table in [*report.tables, *report.lists]:
        rows = sections[table.title]
        assert rows[0] == table.headers
        expected = [*table.rows, *([table.total] if table.total else [])]
        assert rows[1:] == [["" if v is None else _csv(v) for v in r] for r in expected]


def _csv(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_every_download_is_audited_with_its_parameters(client, world, supervisor, team_a):
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    _download(client, "follow-up", "csv", params)
    _download(client, "contacts", "xlsx", params)
    events = AuditEvent.objects.filter(action="reports.report.exported").order_by("pk")
    assert [(e.actor_id, e.agency_id) for e in events] == [(supervisor.pk, team_a.agency_id)] * 2
    assert [e.detail for e in events] == [
        {
            "report": "follow-up",
            "format": "csv",
            "scope": f"team-{team_a.pk}",
            "teams": [team_a.pk],
            "from": "2026-03-01",
            "to": "2026-04-30",
            "client_lists": True,
        },
        {
            "report": "contacts",
            "format": "xlsx",
            "scope": f"team-{team_a.pk}",
            "teams": [team_a.pk],
            "from": "2026-03-01",
            "to": "2026-04-30",
            "client_lists": True,
        },
    ]
    trail = json.dumps([e.detail for e in events]) + "".join(e.object_id for e in events)
    for name in ("Ada", "Alpha", "Beta", "Gamma", "A-10"):
        assert name not in trail
    # Looking at a report on screen is not a download.
    _screen(client, "contacts", params)
    assert events.count() == 2


def test_a_refused_download_is_not_audited_as_one(client, world, supervisor, team_b):
    client.force_login(supervisor)
    url = reverse("reports:download_csv", args=["contacts"])
    assert client.get(url, {**PARAMS, "scope": f"team-{team_b.pk}"}).status_code == 404
    assert not AuditEvent.objects.filter(action="reports.report.exported").exists()


def test_text_that_looks_like_a_formula_is_neutralised(client, world, supervisor, team_a):
    ada = world["ada"]
    ada.preferred_name = '=HYPERLINK("http://evil.test","x")'
    ada.save(update_fields=["preferred_name"])
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    _response, data = _download(client, "contacts", "csv", params)
    rows = _csv_sections(data)["Contacts per client"]
    assert rows[1][0] == """'=HYPERLINK("http://evil.test","x") Alpha"""
    _response, data = _download(client, "contacts", "xlsx", params)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Per client"]
    cell = sheet.cell(row=3, column=1)
    assert cell.data_type == "s"
    assert cell.value == """'=HYPERLINK("http://evil.test","x") Alpha"""


def test_the_agency_admins_download_has_figures_and_no_client(client, world, admin_user, team_a):
    client.force_login(admin_user)
    params = {**PARAMS, "scope": f"agency-{team_a.agency_id}"}
    _response, data = _download(client, "follow-up", "xlsx", params)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "Follow-up"]
    sheets = [book[name].iter_rows(values_only=True) for name in book.sheetnames]
    cells = " ".join(str(v) for rows in sheets for r in rows for v in r)
    for name in ("Alpha", "Gamma", "A-10", "A-12"):
        assert name not in cells
    event = AuditEvent.objects.get(action="reports.report.exported")
    assert event.detail["client_lists"] is False
    assert event.detail["scope"] == f"agency-{team_a.agency_id}"


def test_downloads_are_limited_per_person_per_hour(client, world, supervisor, team_a, settings):
    settings.REPORT_EXPORTS_PER_HOUR = 2
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    _download(client, "contacts", "csv", params)
    _download(client, "minutes", "xlsx", params)
    response = client.get(reverse("reports:download_csv", args=["events"]), params)
    assert response.status_code == 429
    # The refused one is neither served nor audited.
    assert AuditEvent.objects.filter(action="reports.report.exported").count() == 2
