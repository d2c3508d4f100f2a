"""The intake page with its possible-duplicates step, and the edit page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Role
from clients.models import Client
from clients.selectors.duplicates import possible_duplicates
from clients.services.errors import ClientRecordError
from clients.services.intake import NUMBER_TAKEN_HERE, NUMBER_UNAVAILABLE, client_update_details
from tests.factories import ClientFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db

DOB = date(1980, 5, 17)
URL = reverse("clients:create")


def _post(team, user, **overrides):
    data = {
        "given_name": "John",
        "family_name": "Smith",
        "date_of_birth": DOB.isoformat(),
        "primary_language": "English",
        "record_number": "A-100",
        "risk_level": "low",
        "team": team.pk,
        "program": team.program_id,
        "enrolled_on": timezone.localdate().isoformat(),
        "primary": user.pk,
        "status": "referred",
    }
    data.update(overrides)
    return data


# --- The duplicates selector ------------------------------------------------------------


def test_it_finds_a_similar_name_with_the_same_birth_date_despite_typos(case_manager, team_a):
    john = ClientFactory(team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB)
    found = possible_duplicates(
        viewer=case_manager, given_name="Jonh", family_name="Smiht", date_of_birth=DOB
    )
    assert found == [john]


def test_it_finds_swapped_names_and_the_preferred_name(case_manager, team_a):
    jim = ClientFactory(
        team=team_a,
        given_name="James",
        preferred_name="Jimmy",
        family_name="Okoro",
        date_of_birth=DOB,
    )
    assert possible_duplicates(
        viewer=case_manager, given_name="Okoro", family_name="James", date_of_birth=DOB
    ) == [jim]
    assert possible_duplicates(
        viewer=case_manager, given_name="Jimmy", family_name="Okorro", date_of_birth=DOB
    ) == [jim]


def test_a_similar_name_with_another_birth_date_is_not_a_duplicate(case_manager, team_a):
    ClientFactory(team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB)
    assert not possible_duplicates(
        viewer=case_manager,
        given_name="John",
        family_name="Smith",
        date_of_birth=DOB + timedelta(days=1),
    )


def test_another_name_with_the_same_birth_date_is_not_a_duplicate(case_manager, team_a):
    ClientFactory(team=team_a, given_name="Maria", family_name="Lopez", date_of_birth=DOB)
    assert not possible_duplicates(
        viewer=case_manager, given_name="John", family_name="Smith", date_of_birth=DOB
    )


def test_the_same_record_number_is_a_duplicate_whatever_the_name(case_manager, client_a):
    assert possible_duplicates(
        viewer=case_manager,
        given_name="X",
        family_name="Y",
        date_of_birth=None,
        record_number="a-1",
    ) == [client_a]


def test_it_never_considers_another_teams_clients(case_manager, team_b):
    ClientFactory(team=team_b, given_name="John", family_name="Smith", date_of_birth=DOB)
    assert not possible_duplicates(
        viewer=case_manager,
        given_name="John",
        family_name="Smith",
        date_of_birth=DOB,
        record_number="B-1",
    )


# --- The intake page --------------------------------------------------------------------


def test_the_form_preselects_the_only_team_and_the_user_as_primary(
    client, case_manager, team_a, django_assert_max_num_queries
):
    client.force_login(case_manager)
    # session, user, memberships (access), writable teams, then one query per select
    # (service areas, teams, programs, staff), open reminders (navigation), session save in
    # a savepoint pair.
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["team"] == team_a.pk
    assert form.initial["primary"] == case_manager.pk
    assert form.initial["program"] == team_a.program_id
    assert "Team B" not in response.content.decode()


def test_it_offers_only_case_managers_and_supervisors_as_primary(
    client, case_manager, supervisor, compliance, admin_user, outsider
):
    client.force_login(case_manager)
    staff = set(client.get(URL).context["form"].fields["primary"].queryset)
    assert staff == {case_manager, supervisor}


def test_it_creates_a_client_when_nobody_similar_is_on_file(client, case_manager, team_a):
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager))
    created = Client.objects.get(record_number="A-100")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[created.pk])
    assert created.status == "referred" and created.team == team_a


def test_it_shows_possible_duplicates_before_saving(client, case_manager, team_a):
    john = ClientFactory(
        team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB, record_number="A-9"
    )
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager, given_name="Jonh", family_name="Smiht"))
    assert response.status_code == 200
    assert response.context["duplicates"] == [john]
    body = response.content.decode()
    assert reverse("clients:detail", args=[john.pk]) in body
    assert "None of these is the same person" in body
    assert Client.objects.count() == 1
    assert AuditEvent.objects.get(action="clients.client.duplicates_shown").detail == {
        "client_ids": [john.pk]
    }


def test_it_creates_once_the_user_confirms_none_is_the_same_person(client, case_manager, team_a):
    john = ClientFactory(team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB)
    client.force_login(case_manager)
    data = _post(team_a, case_manager, given_name="Jonh")
    data.update(duplicates_seen=str(john.pk), none_is_same_person="on")
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Client.objects.filter(given_name="Jonh").exists()


def test_it_insists_on_the_confirmation_after_showing_duplicates(client, case_manager, team_a):
    john = ClientFactory(team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB)
    client.force_login(case_manager)
    data = _post(team_a, case_manager, duplicates_seen=str(john.pk))
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "none_is_same_person" in response.context["form"].errors
    assert Client.objects.count() == 1


def test_a_confirmation_does_not_cover_a_duplicate_the_user_was_not_shown(
    client, case_manager, team_a
):
    ClientFactory(team=team_a, given_name="John", family_name="Smith", date_of_birth=DOB)
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager, none_is_same_person="on"))
    assert response.status_code == 200 and response.context["duplicates"]
    assert Client.objects.count() == 1


def test_another_teams_look_alike_is_neither_shown_nor_counted(
    client, case_manager, team_a, team_b
):
    ClientFactory(
        team=team_b, given_name="John", family_name="Smith", date_of_birth=DOB, record_number="B-7"
    )
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager))
    assert response.status_code == 302  # nothing to confirm: the look-alike is out of scope
    assert not AuditEvent.objects.filter(action="clients.client.duplicates_shown").exists()


def test_a_taken_record_number_is_a_field_error_and_saves_nothing(
    client, case_manager, team_a, client_b
):
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager, record_number="B-1"))
    assert response.status_code == 200
    # Held by another team's client: a neutral message, not "in use in the agency", which
    # told the user the number exists somewhere they may not look (issue #23).
    [error] = response.context["form"].errors["record_number"]
    assert error == NUMBER_UNAVAILABLE and "in use" not in error
    assert "Teambee" not in response.content.decode()
    assert not Client.objects.filter(family_name="Smith").exists()


def test_a_record_number_of_ones_own_teams_client_says_so(case_manager, team_a, client_a):
    other = ClientFactory(team=team_a)
    with pytest.raises(ClientRecordError) as error:
        client_update_details(
            client_id=other.pk,
            version=other.version,
            details={"record_number": "a-1"},
            changed_by=case_manager,
        )
    assert (error.value.field, error.value.message) == ("record_number", NUMBER_TAKEN_HERE)


def test_bad_input_is_shown_at_the_field_and_saves_nothing(client, case_manager, team_a):
    client.force_login(case_manager)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        URL, _post(team_a, case_manager, date_of_birth=future, enrolled_on=future, given_name="")
    )
    errors = response.context["form"].errors
    assert {"date_of_birth", "enrolled_on", "given_name"} <= set(errors)
    assert not Client.objects.filter(family_name="Smith").exists()


def test_a_primary_outside_the_chosen_team_is_a_field_error(client, case_manager, team_a, agency):
    other = TeamFactory(agency=agency, name="Team C")
    MembershipFactory(team=other, user=case_manager, role=Role.CASE_MANAGER)
    colleague = MembershipFactory(team=other, role=Role.CASE_MANAGER).user
    client.force_login(case_manager)
    response = client.post(URL, _post(team_a, case_manager, primary=colleague.pk))
    assert "primary" in response.context["form"].errors
    assert not Client.objects.filter(family_name="Smith").exists()


def test_extra_fields_in_the_post_are_ignored(client, case_manager, team_a):
    client.force_login(case_manager)
    client.post(URL, _post(team_a, case_manager, version=99, last_contact_on="2020-01-01"))
    created = Client.objects.get(record_number="A-100")
    assert created.version == 1 and created.last_contact_on is None


@pytest.mark.parametrize("role", ["compliance", "admin_user"])
def test_roles_that_change_nothing_cannot_take_in_clients(client, request, team_a, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _post(team_a, user)).status_code == 403
    assert not Client.objects.exists()


# --- The edit page ----------------------------------------------------------------------


def _edit_data(client_a, **overrides):
    data = {
        "given_name": client_a.given_name,
        "family_name": client_a.family_name,
        "date_of_birth": client_a.date_of_birth.isoformat(),
        "primary_language": "English",
        "record_number": client_a.record_number,
        "risk_level": "high",
        "version": client_a.version,
    }
    data.update(overrides)
    return data


def test_it_saves_edits(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(reverse("clients:edit", args=[client_a.pk]), _edit_data(client_a))
    assert response.status_code == 302
    client_a.refresh_from_db()
    assert client_a.risk_level == "high" and client_a.version == 2


def test_a_stale_edit_is_refused_and_keeps_the_users_input(client, case_manager, client_a):
    client.force_login(case_manager)
    stale = _edit_data(client_a, phone="555-0123")
    Client.objects.filter(pk=client_a.pk).update(version=2, phone="555-0999")
    response = client.post(reverse("clients:edit", args=[client_a.pk]), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed" in body
    assert 'value="555-0123"' in body
    client_a.refresh_from_db()
    assert client_a.phone == "555-0999"


def test_the_edit_page_audits_the_view_and_costs_few_queries(
    client, case_manager, client_a, django_assert_max_num_queries
):
    client.force_login(case_manager)
    # session, user, client, memberships (access), service areas, audit insert, open
    # reminders (navigation), session save in a savepoint pair.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("clients:edit", args=[client_a.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="clients.client.view").exists()
