from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from casework.demo import DEMO_PASSWORD, demo_logins
from casework.models import Agency, Membership, Role, Team, User
from clients.models import Client

pytestmark = pytest.mark.django_db


def test_it_builds_the_demo_agency_once():
    call_command("seed_demo", verbosity=0)
    counts = (
        Agency.objects.count(),
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Client.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        Agency.objects.count(),
        Team.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Client.objects.count(),
    )
    assert counts[1] == 3
    assert Client.objects.count() == 150
    assert Membership.objects.filter(role=Role.CASE_MANAGER).count() == 12
    assert sorted(Team.objects.values_list("program__kind", flat=True)) == [
        "aot",
        "fsp",
        "standard",
    ]


def test_every_listed_demo_login_works():
    call_command("seed_demo", verbosity=0)
    request = RequestFactory().post("/accounts/login/")
    for email, _, _ in demo_logins():
        assert authenticate(request, username=email, password=DEMO_PASSWORD), email


def test_a_demo_case_manager_sees_only_their_team():
    call_command("seed_demo", verbosity=0)
    cm = User.objects.get(email="cm1.fsp@bayview.test")
    visible = Client.objects.visible_to(cm)
    assert visible.count() == 50
    assert set(visible.values_list("team__name", flat=True)) == {"Harbor FSP Team"}


def test_it_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "cm1.fsp@bayview.test" in out and DEMO_PASSWORD in out
