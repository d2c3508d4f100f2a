"""SignedInMiddleware: a session verified with a TOTP device reads its user and device in one
query, and every check django.contrib.auth and django-otp make still decides who is signed in
and whether the second factor is passed."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import User
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

_OLD = [
    "django_otp.middleware.OTPMiddleware" if m == "casework.middleware.SignedInMiddleware" else m
    for m in django_settings.MIDDLEWARE
]


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.REQUIRE_2FA = True


def _signed_in(client, user, device) -> None:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def totp(case_manager):
    return TOTPDevice.objects.create(user=case_manager, name="phone", confirmed=True)


def _page(client):
    return client.get(reverse("clients:list"))


def _user_and_device_reads(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if '"casework_user"' in q["sql"].split(" WHERE ")[0]
        and q["sql"].startswith("SELECT")
        or '"otp_' in q["sql"]
    ]


def test_a_verified_session_reads_user_and_device_in_one_query(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    with CaptureQueriesContext(connection) as queries:
        response = _page(client)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device == totp
    reads = _user_and_device_reads(queries)
    assert len(reads) == 1, reads
    assert '"otp_totp_totpdevice"' in reads[0] and 'JOIN "casework_user"' in reads[0]


def test_it_saves_one_query_against_django_otps_middleware(client, case_manager, totp, settings):
    _signed_in(client, case_manager, totp)
    _page(client)  # the session's refresh write is behind us
    with CaptureQueriesContext(connection) as new:
        _page(client)
    settings.MIDDLEWARE = _OLD
    standard = Client()  # a new handler, built with django-otp's own middleware
    standard.cookies = client.cookies
    with CaptureQueriesContext(connection) as old:
        assert _page(standard).status_code == 200
    assert len(new) == len(old) - 1


def test_an_unconfirmed_device_does_not_verify(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    TOTPDevice.objects.filter(pk=totp.pk).update(confirmed=False)
    response = _page(client)
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_verified()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.session[SESSION_KEY] == str(case_manager.pk)


def test_a_deleted_device_does_not_verify(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    totp.delete()
    response = _page(client)
    assert response["Location"] == reverse("security:two_factor_setup")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_another_persons_device_does_not_verify(client, case_manager, team_a):
    other = MembershipFactory(team=team_a, role="case_manager").user
    theirs = TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    _signed_in(client, case_manager, theirs)
    response = _page(client)
    assert response.status_code == 302
    assert response.wsgi_request.user == case_manager
    assert not response.wsgi_request.user.is_verified()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_password_change_signs_the_session_out(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    case_manager.set_password("another long passphrase 42")
    case_manager.save()
    response = _page(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not response.wsgi_request.user.is_authenticated
    assert SESSION_KEY not in client.session


def test_a_tampered_session_hash_signs_the_session_out(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    response = _page(client)
    assert not response.wsgi_request.user.is_authenticated
    assert response["Location"].startswith(reverse("login"))


def test_a_rotated_secret_key_keeps_the_session_and_renews_its_hash(
    client, case_manager, totp, settings
):
    _signed_in(client, case_manager, totp)
    old_hash = client.session[HASH_SESSION_KEY]
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    response = _page(client)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    assert client.session[HASH_SESSION_KEY] != old_hash


def test_an_inactive_person_is_signed_out(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    response = _page(client)
    assert not response.wsgi_request.user.is_authenticated
    assert response["Location"].startswith(reverse("login"))


def test_a_recovery_code_session_takes_the_standard_path(client, case_manager):
    static = StaticDevice.objects.create(user=case_manager, name="backup", confirmed=True)
    _signed_in(client, case_manager, static)
    response = _page(client)
    assert response.status_code == 200
    assert response.wsgi_request.user.otp_device == static


def test_sign_out_ends_it(client, case_manager, totp):
    _signed_in(client, case_manager, totp)
    assert _page(client).status_code == 200
    client.post(reverse("logout"))
    response = _page(client)
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_request_reads_no_user(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert not _user_and_device_reads(queries)


def test_the_user_and_device_are_read_as_the_orm_reads_them(client, case_manager, totp):
    case_manager.last_login = case_manager.date_joined  # a time, to go through its converter
    case_manager.save(update_fields=["last_login"])
    _signed_in(client, case_manager, totp)
    user = _page(client).wsgi_request.user
    fresh_user = User.objects.get(pk=case_manager.pk)
    fresh_device = TOTPDevice.objects.get(pk=totp.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(fresh_user, field.attname), field.name
    for field in TOTPDevice._meta.concrete_fields:
        assert getattr(user.otp_device, field.attname) == getattr(fresh_device, field.attname)
    assert user.otp_device.user is user._wrapped
    assert not user._state.adding and user._state.db == "default"
