"""The referral pages: refer from the record and from the directory, the consent refusal
shown with its reason, sending, recording the outcome, "My open referrals", the packet,
other teams' referrals and query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import Disclosure
from referrals.models import Referral, ReferralStatus
from referrals.services import referral as services
from tests.factories import ClientFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _url(name, referral):
    return reverse(f"referrals:{name}", args=[referral.client_id, referral.pk])


def _sent(referral, user):
    return services.referral_send(referral_id=referral.pk, version=referral.version, sent_by=user)


def test_refer_from_the_record_finds_a_service_then_saves_a_draft(
    client, case_manager, client_a, housing
):
    client.force_login(case_manager)
    url = reverse("referrals:referral_create", args=[client_a.pk])
    page = client.get(url, {"q": "housng"})  # typo-tolerant, like the directory
    assert "Housing Navigation" in page.content.decode()
    response = client.post(
        f"{url}?service={housing.pk}",
        {"reason": "Lost her flat", "urgency": "urgent", "categories": ["general"]},
    )
    referral = Referral.objects.get()
    assert response.url == _url("referral_send", referral)
    assert (referral.service, referral.urgency, referral.referred_by) == (
        housing,
        "urgent",
        case_manager,
    )


def test_the_send_page_refuses_with_the_reason_and_offers_to_record_a_release(
    client, case_manager, draft
):
    client.force_login(case_manager)
    page = client.get(_url("referral_send", draft)).content.decode()
    assert "No release of information names Bayview Housing Partners" in page
    assert "Send referral</button>" not in page
    assert "/consents/new/?kind=organization&amp;name=Bayview+Housing+Partners" in page
    response = client.post(_url("referral_send", draft), {"version": draft.version})
    assert response.status_code == 200
    assert "Not sent: no release covers this referral" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(action="referrals.referral.send_refused").exists()


def test_sending_under_a_release_logs_the_disclosure(client, case_manager, draft, covered):
    client.force_login(case_manager)
    page = client.get(_url("referral_send", draft)).content.decode()
    assert "Consent covers this referral" in page
    response = client.post(_url("referral_send", draft), {"version": draft.version})
    assert response.url == _url("referral_detail", draft)
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.SENT
    assert Disclosure.objects.get().consent == covered


def test_recording_the_outcome_closes_the_referral(client, case_manager, draft, covered):
    referral = _sent(draft, case_manager)
    client.force_login(case_manager)
    url = _url("referral_status", referral)
    refused = client.post(
        url, {"version": referral.version, "to_status": "declined", "on": timezone.localdate()}
    )
    assert "a note is required to close" in refused.content.decode()
    client.post(
        url,
        {
            "version": referral.version,
            "to_status": "declined",
            "on": timezone.localdate(),
            "note": "Not eligible: income too high",
        },
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and not referral.is_open
    page = client.get(_url("referral_detail", referral)).content.decode()
    assert "Not eligible: income too high" in page
    assert "Sent → Declined by the provider" in page


def test_a_stale_status_form_keeps_the_other_change(client, case_manager, draft, covered):
    referral = _sent(draft, case_manager)
    client.force_login(case_manager)
    services.referral_transition(
        referral_id=referral.pk, version=referral.version, to_status="accepted",
        changed_by=case_manager,
    )  # fmt: skip
    response = client.post(
        _url("referral_status", referral),
        {"version": referral.version, "to_status": "cancelled", "on": timezone.localdate(),
         "note": "x"},
    )  # fmt: skip
    assert "Someone else changed this referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_the_packet_holds_only_what_was_sent_and_the_part2_notice_with_sud(
    client, case_manager, draft, release_for, client_a, housing
):
    release_for(client_a, housing.organization, categories=["general", "substance_use"])
    draft.categories = ["substance_use"]
    draft.save()
    client_a.phone = "555-0101"
    client_a.save()
    referral = _sent(draft, case_manager)
    client.force_login(case_manager)
    page = client.get(_url("referral_packet", referral)).content.decode()
    assert "protected by Federal confidentiality rules (42 CFR part 2)" in page
    assert "555-0101" not in page  # general information was not sent
    # Looking is a view of the record; only printing is a disclosure.
    assert not AuditEvent.objects.filter(action="referrals.referral.packet_printed").exists()
    response = client.post(_url("referral_packet_print", referral), follow=True)
    page = response.content.decode()
    assert "protected by Federal confidentiality rules (42 CFR part 2)" in page
    assert "555-0101" not in page and "data-autoprint" in page
    printed = Disclosure.objects.filter(client=client_a).latest("pk")
    assert printed.categories == ["substance_use"] and printed.includes_substance_use


def test_each_print_of_the_packet_is_a_disclosure_of_its_own(
    client, case_manager, draft, covered, client_a
):
    referral = _sent(draft, case_manager)  # sending is the first disclosure
    client.force_login(case_manager)

    first = client.post(_url("referral_packet_print", referral))
    again = client.post(_url("referral_packet_print", referral))

    logged = list(Disclosure.objects.filter(client=client_a).order_by("pk"))
    assert len(logged) == 3
    sent, *prints = logged
    assert sent.pk == referral.disclosure_id
    for disclosure in prints:
        assert disclosure.consent == covered
        assert disclosure.recipient_label == "Bayview Housing Partners"
        assert disclosure.categories == ["general"] and disclosure.method == "referral"
        assert disclosure.description == f"Referral packet printed (referral {referral.pk})"
        assert disclosure.disclosed_by == case_manager
    assert first.url.endswith(f"?printed={prints[0].pk}")
    assert again.url.endswith(f"?printed={prints[1].pk}")
    assert AuditEvent.objects.filter(action="referrals.referral.packet_printed").count() == 2
    page = client.get(again.url).content.decode()
    assert "Logged in" in page and "disclosure log" in page and "Print again" in page


def test_a_packet_is_not_printed_once_the_release_is_revoked(
    client, case_manager, draft, covered, client_a
):
    referral = _sent(draft, case_manager)
    covered.revoked_on, covered.revocation_method = timezone.localdate(), "written"
    covered.save()
    client.force_login(case_manager)
    response = client.post(_url("referral_packet_print", referral), follow=True)
    assert "The packet was not printed" in response.content.decode()
    assert Disclosure.objects.filter(client=client_a).count() == 1  # the sending only


def test_a_draft_has_no_packet_to_print(client, case_manager, draft, covered, client_a):
    client.force_login(case_manager)
    response = client.post(_url("referral_packet_print", draft), follow=True)
    assert "Only a sent referral has a packet" in response.content.decode()
    assert not Disclosure.objects.filter(client=client_a).exists()


def test_a_read_only_reviewer_reads_the_packet_but_cannot_print_it(
    client, compliance, case_manager, draft, covered, client_a
):
    referral = _sent(draft, case_manager)
    client.force_login(compliance)
    page = client.get(_url("referral_packet", referral)).content.decode()
    assert "Referral to Housing Navigation" in page and ">Print<" not in page
    assert client.post(_url("referral_packet_print", referral)).status_code == 403
    assert Disclosure.objects.filter(client=client_a).count() == 1


def test_the_packet_stops_once_the_release_is_revoked(client, case_manager, draft, covered):
    referral = _sent(draft, case_manager)
    covered.revoked_on, covered.revocation_method = timezone.localdate(), "written"
    covered.save()
    client.force_login(case_manager)
    page = client.get(_url("referral_packet", referral)).content.decode()
    assert "cannot be produced today" in page and "revoked" in page
    assert "555" not in page or "Date of birth" not in page


def test_another_teams_referral_is_404(client, outsider, draft):
    client.force_login(outsider)
    for name in ("referral_detail", "referral_packet", "referral_send", "referral_status"):
        assert client.get(_url(name, draft)).status_code == 404


def test_a_referral_is_only_reached_through_its_own_client(client, case_manager, draft, team_a):
    other = ClientFactory(team=team_a)
    client.force_login(case_manager)
    url = reverse("referrals:referral_detail", args=[other.pk, draft.pk])
    assert client.get(url).status_code == 404
    # A child of the wrong client is a refusal like any other (issue #23): audited, with the
    # referral's own client.
    [event] = AuditEvent.objects.filter(action="casework.access.denied")
    assert (event.actor, event.client_id) == (case_manager, draft.client_id)


@pytest.mark.parametrize(
    "name", ["referral_detail", "referral_packet", "referral_status", "referral_packet_print"]
)
def test_another_teams_referral_under_ones_own_client_is_refused_and_audited(
    client, outsider, draft, name
):
    """The outsider puts their own client's id in the URL with team A's referral id: the
    referral exists but its client is outside their scope, so the refusal goes through the
    access policy and is audited with the referral's client."""
    own = ClientFactory(team=outsider.memberships.get().team)
    client.force_login(outsider)
    url = reverse(f"referrals:{name}", args=[own.pk, draft.pk])
    response = client.post(url) if name.endswith("_print") else client.get(url)
    assert response.status_code == 404
    [event] = AuditEvent.objects.filter(action="casework.access.denied")
    assert (event.actor, event.client_id) == (outsider, draft.client_id)
    assert event.detail["path"] == url


def test_a_referral_id_that_does_not_exist_is_404_and_not_audited(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("referrals:referral_detail", args=[client_a.pk, 999_999])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="casework.access.denied").exists()


def test_my_open_referrals_lists_overdue_follow_ups_first(
    client, case_manager, client_a, housing, release_for
):
    release_for(client_a, housing.organization)
    today = timezone.localdate()
    made = []
    for days in (5, -2, 0):
        referral = ReferralFactory(client=client_a, service=housing, referred_by=case_manager)
        referral = _sent(referral, case_manager)
        Referral.objects.filter(pk=referral.pk).update(follow_up_on=today + timedelta(days=days))
        made.append(referral.pk)
    closed = ReferralFactory(client=client_a, service=housing, referred_by=case_manager)
    services.referral_transition(
        referral_id=closed.pk, version=None, to_status="cancelled", changed_by=case_manager,
        note="Duplicate",
    )  # fmt: skip
    client.force_login(case_manager)
    page = client.get(reverse("referrals:mine"))
    listed = [r.pk for r in page.context["page"].object_list]
    assert listed == [made[1], made[2], made[0]]
    assert "Follow-up overdue" in page.content.decode()


def test_refer_a_client_from_a_directory_service(client, case_manager, client_a, client_b, housing):
    client.force_login(case_manager)
    page = client.get(reverse("directory:service_detail", args=[housing.pk])).content.decode()
    assert reverse("referrals:service_refer", args=[housing.pk]) in page
    page = client.get(reverse("referrals:service_refer", args=[housing.pk])).content.decode()
    create = reverse("referrals:referral_create", args=[client_a.pk])
    assert f"{create}?service={housing.pk}" in page
    assert "Teambee" not in page
    form = client.get(f"{create}?service={housing.pk}").content.decode()
    assert "Housing Navigation" in form and "Reason for the referral" in form


def test_the_record_panel_offers_refer(client, case_manager, client_a, draft):
    client.force_login(case_manager)
    record = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    # Rendered in the page itself since issue 24 (its URL serves it alone).
    assert 'data-panel="referrals:referral_panel"' in record
    assert "Housing Navigation" in record and "Refer</a>" in record
    panel = client.get(reverse("referrals:referral_panel", args=[client_a.pk])).content.decode()
    assert "Housing Navigation" in panel and "Refer</a>" in panel


# Query budgets ---------------------------------------------------------------------------------


def _grow(client_a, housing, case_manager, n):
    for _ in range(n):
        referral = ReferralFactory(client=client_a, service=housing, referred_by=case_manager)
        referral = _sent(referral, case_manager)
        services.referral_follow_up_log(
            referral_id=referral.pk, version=None, logged_by=case_manager, contact="client",
            note="Called",
        )  # fmt: skip


@pytest.mark.parametrize("which", ["mine", "client_referrals", "referral_panel"])
def test_the_lists_take_the_same_queries_however_many_referrals(
    client, case_manager, client_a, housing, covered, django_assert_max_num_queries, which
):
    client.force_login(case_manager)
    url = reverse(f"referrals:{which}", args=[] if which == "mine" else [client_a.pk])
    client.get(url)
    _grow(client_a, housing, case_manager, 1)
    # session, user, memberships (access), client (not on "mine"), audit insert (list),
    # count + rows (paged lists; open rows + closed count on the panel), the navigation's
    # reminder count, session save.
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
    _grow(client_a, housing, case_manager, 8)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


def test_the_detail_page_takes_a_fixed_number_of_queries(
    client, case_manager, client_a, housing, covered, django_assert_max_num_queries
):
    _grow(client_a, housing, case_manager, 1)
    referral = Referral.objects.get(status="sent")
    client.force_login(case_manager)
    url = _url("referral_detail", referral)
    client.get(url)
    # session, user, memberships, client, referral (with service, organisation, consent),
    # events (with authors), audit insert, reminder count, session save.
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
    for _ in range(10):
        referral.refresh_from_db()
        services.referral_follow_up_log(
            referral_id=referral.pk, version=None, logged_by=case_manager, contact="provider",
            note="Still waiting",
        )  # fmt: skip
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
