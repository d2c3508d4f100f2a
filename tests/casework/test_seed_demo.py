"""seed_demo builds one demo agency, once: a second run changes no row of any table (this is
the idempotence check for every app's demo, which used to seed twice in each app's tests)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory

from casework.access import access_for
from casework.demo import DEMO_PASSWORD, demo_logins
from casework.models import Agency, AuditEvent, Membership, Role, Team, User
from clients.models import Client, KeyEvent, Visit
from directory.hsds.importer import IMPORTED
from tests.shared_rows import work_seconds

pytestmark = pytest.mark.django_db


def test_it_builds_the_demo_agency(demo):
    assert Agency.objects.get() == demo
    assert Team.objects.count() == 3
    assert Client.objects.count() == 150
    assert Membership.objects.filter(role=Role.CASE_MANAGER).count() == 12
    assert sorted(Team.objects.values_list("program__kind", flat=True)) == [
        "aot",
        "fsp",
        "standard",
    ]


def _every_table(audited_up_to: int) -> dict[str, str]:
    """Each table's row count and content hash; of the audit trail, the events up to an id."""
    tables = connection.introspection.table_names(include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{t}', count(*), md5(string_agg(r::text, '|' ORDER BY r::text)) "  # noqa: S608
                f'FROM "{t}" r'
                + (f" WHERE r.id <= {audited_up_to:d}" if t == AuditEvent._meta.db_table else "")
                for t in tables
            )
        )
        return {table: (n, digest) for table, n, digest in cursor.fetchall()}


def _visits_and_key_events() -> tuple[list, list]:
    """What a seed that is not deterministic would change: the visits' times, modes, places
    and signatures, and the clients' key events."""
    rows = sorted(
        Visit.objects.values_list(
            "client__record_number", "contact_at", "mode", "place", "signed_at"
        )
    )
    return rows, sorted(KeyEvent.objects.values_list("client__record_number", "kind"))


def test_make_run_seeds_an_empty_database_as_the_suite_did_and_a_second_run_changes_nothing(
    demo_snapshot, capsys
):
    """One fresh seed serves what three tests checked with a full seed each (about 10
    CPU-seconds apiece): `make run` (seed_demo --unless-real-agency) loads the demo on an
    empty database and, run again on the demo, adds nothing (once in test_setup_agency.py);
    a fresh seed agrees with the suite's own, made earlier in the run (once in
    clients/test_demo.py); a second run changes no row of any table and prints the logins."""
    with transaction.atomic():
        demo_snapshot.restore()
        seeded_earlier = _visits_and_key_events()
        transaction.set_rollback(True)
    assert not Agency.objects.exists()  # the snapshot is gone again: an empty database

    call_command("seed_demo", unless_real_agency=True, verbosity=0)
    # Deterministic: a fresh seed now and the suite's own seed agree.
    assert _visits_and_key_events() == seeded_earlier
    capsys.readouterr()  # the first run's logins

    # The second run, as every `make run` after the first.
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    before = _every_table(last_event)
    with work_seconds() as spent:
        call_command("seed_demo", unless_real_agency=True, verbosity=0)
    assert spent() < 20  # CPU seconds: see tests/clients/test_demo.py
    after = _every_table(last_event)
    assert {t: after[t] for t in after if after[t] != before[t]} == {}
    # The trail only grows: the directory seeder's import is audited even when it adds nothing.
    new = AuditEvent.objects.filter(id__gt=last_event).values_list("action", flat=True)
    assert set(new) <= {IMPORTED}, list(new)
    out = capsys.readouterr().out
    assert "cm1.fsp@bayview.test" in out and DEMO_PASSWORD in out

    assert list(Agency.objects.values_list("slug", flat=True)) == ["bayview"]
    operator = User.objects.get(email="operator@bayview.test")
    assert operator.is_staff and operator.is_superuser and not access_for(operator).roles


def test_every_listed_demo_login_works(demo):
    request = RequestFactory().post("/accounts/login/")
    for email, _, _ in demo_logins():
        assert authenticate(request, username=email, password=DEMO_PASSWORD), email


def test_a_demo_case_manager_sees_only_their_team(demo):
    cm = User.objects.get(email="cm1.fsp@bayview.test")
    visible = Client.objects.visible_to(cm)
    assert visible.count() == 50
    assert set(visible.values_list("team__name", flat=True)) == {"Harbor FSP Team"}
