"""A real agency from nothing, as the README's "Production" walks it, with two-factor ON: setup
makes the agency and its admin; the admin sets a password from the link, enrols an
authenticator app, adds a program and a team, invites a supervisor and two case managers (who
each set a password and enrol their own app), imports 500 clients from a spreadsheet; each
case manager then sees their caseload with the next contact due from the last contact before
Casework. Screenshots of every new page at 1280 and 375 px."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from administration.imports.columns import CLIENTS
from clients.models import Client
from tests.e2e.conftest import PHONE, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORDS = {
    "director@eastbay.example": "a long director passphrase 1",
    "sam.super@eastbay.example": "a long supervisor passphrase 2",
    "ana.ruiz@eastbay.example": "a long case manager passphrase 3",
    "ben.osei@eastbay.example": "a long case manager passphrase 4",
}
CLIENT_COUNT = 500


def _blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _fits_the_phone(page: Page) -> None:
    was = page.viewport_size
    page.set_viewport_size(PHONE)
    width = page_width(page)
    page.set_viewport_size(was)
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width} px)"


def _look(page: Page, snap, name: str) -> None:
    """Every new page: screenshots, no serious accessibility finding, no sideways scroll."""
    snap(page, name)
    assert _blocking_violations(page) == []
    _fits_the_phone(page)


def _link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"(/accounts/welcome/\S+/)", message.body).group(1)


def _join(page: Page, base: str, path: str, email: str, snap=None) -> None:
    """The invited person: choose a password from the link, sign in, enrol an app."""
    page.goto(base + path)
    expect(page.get_by_role("heading", name=re.compile("^Welcome,"))).to_be_visible()
    if snap:
        _look(page, snap, "onboarding-welcome")
    page.locator("#id_new_password1").fill(PASSWORDS[email])
    page.locator("#id_new_password2").fill(PASSWORDS[email])
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORDS[email])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    page.locator("#id_code").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    )
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    page.get_by_role("link", name="Continue").click()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _caseload_xlsx(program: str, team: str) -> tuple[bytes, dict[str, tuple[str, date]]]:
    """500 clients for the two case managers, most with a last contact; returns the file and
    each record number's case manager and expected next contact due (weekly standard)."""
    today = timezone.localdate()
    book = Workbook()
    sheet = book.active
    sheet.append([c.name for c in CLIENTS])
    expected = {}
    for n in range(CLIENT_COUNT):
        manager = "ana.ruiz@eastbay.example" if n % 2 else "ben.osei@eastbay.example"
        enrolled = today - timedelta(days=60 + n % 300)
        last = today - timedelta(days=n % 12) if n % 10 else None
        row = {
            "record_number": f"EB-{n:04d}",
            "given_name": ("Maria", "James", "Aisha", "Wei", "Olga")[n % 5],
            "family_name": f"Client{n:04d}",
            "date_of_birth": date(1950, 1, 1) + timedelta(days=29 * n),
            "program": program,
            "team": team,
            "case_manager_email": manager,
            "enrolled_on": enrolled,
            "last_contact_on": last,
            "risk_level": ("low", "moderate", "high")[n % 3],
        }
        sheet.append([row.get(c.name) for c in CLIENTS])
        expected[row["record_number"]] = (manager, (last or enrolled) + timedelta(days=7))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), expected


@pytest.mark.slow  # a whole onboarding with 500 imported clients: about 30 s
def test_a_real_agency_from_nothing_to_case_managers_with_their_caseloads(
    page: Page, live_server, settings, snap, capsys
):
    settings.REQUIRE_2FA = True
    base = live_server.url
    call_command(
        "setup_agency",
        name="Eastbay Community Services",
        time_zone=settings.TIME_ZONE,
        admin_email="director@eastbay.example",
        admin_name="Dana Director",
        no_input=True,
    )
    admin_link = re.search(r"(/accounts/welcome/\S+/)", capsys.readouterr().out).group(1)

    # The first admin: password, authenticator app, then the agency page.
    _join(page, base, admin_link, "director@eastbay.example", snap)
    page.get_by_role("link", name="Agency", exact=True).click()
    expect(page.get_by_role("heading", name="Eastbay Community Services")).to_be_visible()
    expect(page.get_by_text("No programs yet")).to_be_visible()
    _look(page, snap, "onboarding-agency-empty")

    page.get_by_role("link", name="New program").click()
    _look(page, snap, "onboarding-program-form")
    page.get_by_label("Name").fill("Full Service Partnership")
    page.get_by_label("Kind of program").select_option("fsp")
    page.get_by_label("Contact standard (days)").fill("0")
    page.get_by_label("Notes signed within (business days)").fill("3")
    page.get_by_label("Crisis notes signed within (hours)").fill("24")
    page.get_by_label("Care plan reviewed every (days)").fill("90")
    page.get_by_label("Reassessment every (days)").fill("180")
    page.get_by_label("Clients per case manager").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 1")).to_be_visible()
    page.get_by_label("Contact standard (days)").fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The program Full Service Partnership was saved")).to_be_visible()

    page.get_by_role("link", name="New service area").click()
    page.get_by_label("Name").fill("Harbor District")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="New team").click()
    _look(page, snap, "onboarding-team-form")
    page.get_by_label("Name").fill("Harbor FSP Team")
    page.get_by_label("Program").select_option(label="Full Service Partnership")
    page.get_by_label("Service area").select_option(label="Harbor District")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Harbor FSP Team")).to_be_visible()
    _look(page, snap, "onboarding-agency")

    # Staff: a supervisor and two case managers.
    page.get_by_role("link", name="Staff", exact=True).click()
    _look(page, snap, "onboarding-staff-list-admin-only")
    for email, name, role in (
        ("sam.super@eastbay.example", "Sam Super", "Supervisor"),
        ("ana.ruiz@eastbay.example", "Ana Ruiz", "Case manager"),
        ("ben.osei@eastbay.example", "Ben Osei", "Case manager"),
    ):
        page.get_by_role("link", name="Staff", exact=True).click()
        page.get_by_role("link", name="Invite a person").click()
        if role == "Supervisor":
            _look(page, snap, "onboarding-invite")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Harbor FSP Team").select_option(label=role)
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_text(f"{name} was invited")).to_be_visible()
        if role == "Supervisor":
            _look(page, snap, "onboarding-staff-person")
    page.get_by_role("link", name="Change roles").click()
    _look(page, snap, "onboarding-staff-roles")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Deactivate…").click()
    _look(page, snap, "onboarding-staff-deactivate")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.get_by_text("Invited")).to_have_count(3)
    _look(page, snap, "onboarding-staff-list")
    page.get_by_role("link", name="Invite many from a file").click()
    _look(page, snap, "onboarding-invite-many")

    # The caseload: 500 clients from a spreadsheet, a bad one first.
    program = "Full Service Partnership"
    data, expected = _caseload_xlsx(program, "Harbor FSP Team")
    page.get_by_role("link", name="Agency", exact=True).click()
    page.get_by_role("link", name="Import the caseload").click()
    _look(page, snap, "onboarding-import")
    bad, _ = _caseload_xlsx("No Such Program", "Harbor FSP Team")
    page.get_by_label("Clients (CSV or XLSX)").set_input_files(
        files=[{"name": "caseload.xlsx", "mimeType": "application/octet-stream", "buffer": bad}]
    )
    page.get_by_role("button", name="Check the files").click()
    expect(
        page.get_by_role("heading", name=re.compile("Nothing can be imported: 500 problems"))
    ).to_be_visible()
    _look(page, snap, "onboarding-import-problems")
    assert not Client.objects.exists()

    page.get_by_role("link", name="upload them again").click()
    page.get_by_label("Clients (CSV or XLSX)").set_input_files(
        files=[{"name": "caseload.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("500 clients")
    _look(page, snap, "onboarding-import-checked")
    assert not Client.objects.exists()
    page.get_by_role("button", name="Import 500 clients").click()
    expect(page.get_by_test_id("import-outcome")).to_contain_text("Imported 500 clients")
    _look(page, snap, "onboarding-import-done")
    # The admin cannot open any of them.
    one = Client.objects.get(record_number="EB-0001")
    page.goto(f"{base}/clients/{one.pk}/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    _sign_out(page)

    # The supervisor and the case managers join; each case manager sees their 250.
    _join(page, base, _link("sam.super@eastbay.example"), "sam.super@eastbay.example")
    _sign_out(page)
    for email in ("ana.ruiz@eastbay.example", "ben.osei@eastbay.example"):
        _join(page, base, _link(email), email)
        page.goto(f"{base}/clients/caseload/")
        expect(page.locator("#caseload-results")).to_contain_text("250 clients")
        mine = {n: due for n, (who, due) in expected.items() if who == email}
        rows = page.locator("#caseload-results tbody tr")
        expect(rows).to_have_count(25)
        for row in rows.all()[:10]:
            number = re.search(r"EB-\d{4}", row.inner_text()).group(0)
            # The agency's date format (casework/formats), as the caseload shows it.
            assert date_format(mine[number], "DATE_FORMAT") in row.inner_text()
        if email.startswith("ana"):
            snap(page, "onboarding-caseload-imported")
        _sign_out(page)
    assert Client.objects.count() == CLIENT_COUNT


def test_a_possible_duplicate_is_decided_and_a_bad_staff_file_invites_nobody(
    page: Page, live_server, team_a, case_manager, snap
):
    from casework.models import AgencyStaff
    from tests.administration.conftest import client_row, csv_bytes
    from tests.e2e.conftest import signed_in
    from tests.factories import ClientFactory, UserFactory

    admin = UserFactory(email="boss@example.test", full_name="Bea Boss")
    AgencyStaff.objects.create(agency=team_a.agency, user=admin, is_admin=True)
    existing = ClientFactory(
        team=team_a, given_name="Maria", family_name="Lopez", date_of_birth=date(1984, 3, 2)
    )
    rows = [
        client_row(1, program=team_a.program.name),
        client_row(
            2,
            program=team_a.program.name,
            given_name="Marie",
            family_name="Lopez",
            date_of_birth="1984-03-02",
        ),
    ]
    signed_in(page, live_server.url, admin)
    page.goto(f"{live_server.url}/agency/import/")
    page.get_by_label("Clients (CSV or XLSX)").set_input_files(
        files=[{"name": "caseload.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}]
    )
    page.get_by_role("button", name="Check the files").click()
    duplicate = page.get_by_test_id("duplicate-3")
    expect(duplicate).to_contain_text(f"resembles record {existing.record_number} (Team A)")
    expect(page.get_by_text("Maria Lopez")).to_have_count(0)  # the record's name stays closed
    _look(page, snap, "onboarding-import-duplicates")
    page.get_by_label("Same person: skip this line").check()
    page.get_by_role("button", name="Import 2 clients").click()
    expect(page.get_by_test_id("import-outcome")).to_contain_text("skipped as duplicates: line 3")
    assert Client.objects.filter(family_name="Lopez").count() == 1

    staff = csv_bytes(
        [
            {
                "email": "one@example.test",
                "full_name": "One",
                "role": "case_manager",
                "teams": "Team A",
            },
            {
                "email": "two@example.test",
                "full_name": "Two",
                "role": "case_manager",
                "teams": "Team Z",
            },
        ]
    )
    page.goto(f"{live_server.url}/agency/staff/invite/many/")
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": staff}]
    )
    page.get_by_role("button", name="Check and invite").click()
    expect(
        page.get_by_role("heading", name=re.compile("Nobody was invited: 1 problem"))
    ).to_be_visible()
    expect(page.get_by_text("No active team is called “Team Z”")).to_be_visible()
    _look(page, snap, "onboarding-invite-many-problems")
    assert not mail.outbox
