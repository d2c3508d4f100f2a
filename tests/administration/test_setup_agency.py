"""`make setup` (manage.py setup_agency): the agency and its first admin on an empty database,
a one-time link printed, the deployment's time zone checked or written to .env; and `make run`
not loading the demo over a real agency."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.access import access_for
from casework.models import Agency, AgencyStaff, User
from clients.models import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def _setup(tmp_path, settings, capsys, **options):
    settings.BASE_DIR = tmp_path  # where .env is written
    defaults = {
        "name": "Eastbay Community Services",
        "time_zone": settings.TIME_ZONE,
        "admin_email": "Director@Eastbay.example",
        "admin_name": "Dana Director",
        "no_input": True,
    }
    call_command("setup_agency", **{**defaults, **options})
    return capsys.readouterr().out


def test_it_creates_the_agency_and_its_first_admin_with_a_link(client, tmp_path, settings, capsys):
    out = _setup(tmp_path, settings, capsys)
    agency = Agency.objects.get()
    admin = User.objects.get(email="director@eastbay.example")
    assert agency.slug == "eastbay-community-services"
    assert AgencyStaff.objects.get(user=admin).is_admin
    assert access_for(admin).admin_agency_ids == {agency.pk}
    assert not admin.has_usable_password()
    path = re.search(r"(/accounts/welcome/\S+/)", out).group(1)
    assert out.count(settings.SITE_URL + path) == 1
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    signed_in = client.post(
        reverse("login"), {"username": "director@eastbay.example", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("administration:home")).status_code == 200
    assert not (tmp_path / ".env").exists()  # the zone was already the deployment's


def test_it_refuses_a_database_that_holds_an_agency(demo, tmp_path, settings, capsys):
    # The demo agency (the shared snapshot, not a fresh seed: 10 s) is the agency it holds.
    with pytest.raises(CommandError, match="already holds an agency"):
        _setup(tmp_path, settings, capsys)
    assert not User.objects.filter(email="director@eastbay.example").exists()


def test_it_refuses_a_time_zone_it_does_not_know(tmp_path, settings, capsys):
    with pytest.raises(CommandError, match="not a time zone name"):
        _setup(tmp_path, settings, capsys, time_zone="Pacific Time")
    assert not Agency.objects.exists()


def test_another_time_zone_is_written_to_env_for_the_whole_deployment(
    tmp_path, settings, capsys, monkeypatch
):
    monkeypatch.delenv("TIME_ZONE", raising=False)
    (tmp_path / ".env").write_text("DEBUG=1\nTIME_ZONE=America/Los_Angeles\n")
    out = _setup(tmp_path, settings, capsys, time_zone="America/New_York")
    assert (tmp_path / ".env").read_text() == "DEBUG=1\nTIME_ZONE=America/New_York\n"
    assert "one time zone for the whole deployment" in out and "restart" in out


def test_a_time_zone_set_in_the_environment_must_be_changed_there(
    tmp_path, settings, capsys, monkeypatch
):
    monkeypatch.setenv("TIME_ZONE", settings.TIME_ZONE)
    with pytest.raises(CommandError, match="The environment sets TIME_ZONE"):
        _setup(tmp_path, settings, capsys, time_zone="Europe/London")
    assert not Agency.objects.exists()


def test_without_input_every_value_is_needed(tmp_path, settings, capsys):
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="Agency name is needed"):
        call_command("setup_agency", admin_email="a@example.test", no_input=True)


def test_make_run_does_not_load_the_demo_over_a_real_agency(tmp_path, settings, capsys):
    _setup(tmp_path, settings, capsys)
    call_command("seed_demo", unless_real_agency=True)
    assert "not loaded" in capsys.readouterr().out
    assert list(Agency.objects.values_list("slug", flat=True)) == ["eastbay-community-services"]
    assert not Client.objects.exists()


def test_a_new_link_replaces_an_expired_one(tmp_path, settings, capsys, client):
    out = _setup(tmp_path, settings, capsys)
    first = re.search(r"(/accounts/welcome/\S+/)", out).group(1)
    call_command("resend_invitation", "director@eastbay.example")
    second = re.search(r"(/accounts/welcome/\S+/)", capsys.readouterr().out).group(1)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
