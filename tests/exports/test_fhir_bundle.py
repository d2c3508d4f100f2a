"""The client's FHIR R4 bundle: every resource validates against the fhir.resources R4B
models, every reference resolves inside the bundle, codes are LOINC's own, Part 2 data is
labelled, what is left out is said, and the queries do not grow with the record."""

from __future__ import annotations

import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from exports.fhir import bundle_for
from exports.records import records_load
from exports.selectors import client_record_for
from tests.exports.conftest import add_everything
from tests.factories import ClientFactory, VisitFactory

pytestmark = pytest.mark.django_db

# The Part 2 security label as the v3 ActCode code system defines it.
PART2 = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "code": "42CFRPart2",
    "display": "42 CFR Part2",
}


def _bundle(viewer, client):
    record = client_record_for(viewer=viewer, client_id=client.pk)
    return bundle_for(record, agency=client.agency)


def _resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def test_every_resource_validates_against_the_r4b_models(case_manager, full_record):
    exported = _bundle(case_manager, full_record)
    as_json = json.loads(json.dumps(exported.bundle))  # what the download carries
    Bundle.model_validate(as_json)
    for entry in as_json["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)  # raises on any error
    kinds = {e["resource"]["resourceType"] for e in as_json["entry"]}
    assert {
        "Patient", "EpisodeOfCare", "Encounter", "DocumentReference", "CarePlan", "Goal",
        "Observation", "Flag", "Consent", "ServiceRequest", "Task", "CareTeam", "Appointment",
        "RelatedPerson", "Organization", "Practitioner", "PractitionerRole", "Provenance",
        "OperationOutcome", "Location",
    } <= kinds  # fmt: skip


def test_key_events_and_documents_travel_and_the_voided_are_named(case_manager, full_record):
    exported = _bundle(case_manager, full_record)
    [event] = [
        o for o in _resources(exported.bundle, "Observation")
        if o["category"][0]["coding"][0]["code"] == "social-history"
    ]  # fmt: skip
    assert event["code"]["text"] == "Psychiatric hospitalisation"
    assert set(event["effectivePeriod"]) == {"start", "end"}
    assert "County Hospital" in event["valueString"]
    scans = [
        d for d in _resources(exported.bundle, "DocumentReference")
        if d["content"][0]["attachment"]["contentType"] == "application/pdf"
    ]  # fmt: skip
    assert [d["description"] for d in scans] == ["Court order 25-PR-0113"]
    assert scans[0]["content"][0]["attachment"]["url"].startswith("documents/")
    left = {item.what: item.count for item in exported.left_out}
    assert left["key events voided"] == 1 and left["documents voided"] == 1
    assert not any("key events" in what and "accounting" in what for what in left)


def test_every_reference_resolves_inside_the_bundle(case_manager, full_record):
    bundle = _bundle(case_manager, full_record).bundle
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    assert all(u.startswith("urn:uuid:") for u in full_urls)
    references = set(_references(bundle["entry"]))
    assert references and references <= set(full_urls)


def test_ids_are_stable_from_one_export_to_the_next(case_manager, full_record):
    first = {e["fullUrl"] for e in _bundle(case_manager, full_record).bundle["entry"]}
    second = {e["fullUrl"] for e in _bundle(case_manager, full_record).bundle["entry"]}
    assert first == second


def test_instrument_results_carry_loincs_own_codes(case_manager, full_record):
    bundle = _bundle(case_manager, full_record).bundle
    by_code = {o["code"]["coding"][0]["code"]: o for o in _resources(bundle, "Observation")}
    assert {"44261-6", "70274-6", "75626-2"} <= set(by_code)
    phq9 = by_code["44261-6"]
    assert phq9["code"]["coding"][0]["system"] == "http://loinc.org"
    assert phq9["valueInteger"] == 12
    items = {c["code"]["coding"][0]["code"]: c["valueInteger"] for c in phq9["component"]}
    assert items["44250-9"] == 2 and items["44260-8"] == 1  # item 1 and item 9
    audit = by_code["75626-2"]
    assert PART2 in audit["meta"]["security"]


def test_the_flag_the_phq9_raised_is_exported(case_manager, full_record):
    [flag] = _resources(_bundle(case_manager, full_record).bundle, "Flag")
    assert flag["status"] == "active" and "self-harm" in flag["code"]["text"]


def test_goals_keep_the_clients_words_and_a_lifecycle_status(case_manager, full_record):
    bundle = _bundle(case_manager, full_record).bundle
    [goal] = _resources(bundle, "Goal")
    assert goal["description"]["text"] == "I want my own place"
    assert goal["lifecycleStatus"] == "active"
    [plan] = _resources(bundle, "CarePlan")
    assert plan["status"] == "active" and plan["goal"]


def test_signed_notes_travel_with_their_addenda_and_provenance(case_manager, full_record):
    bundle = _bundle(case_manager, full_record).bundle
    documents = _resources(bundle, "DocumentReference")
    notes = [d for d in documents if d["type"]["coding"][0]["code"] == "11506-3"]
    appended = [d for d in notes if d.get("relatesTo")]
    assert len(notes) == 3 and len(appended) == 1  # two signed notes and one addendum
    texts = [base64.b64decode(d["content"][0]["attachment"]["data"]).decode() for d in notes]
    assert any("Data:\nMet at home." in t for t in texts)
    assert not any("Draft words" in t for t in texts)
    signed = [p for p in _resources(bundle, "Provenance") if p.get("signature")]
    assert len(signed) >= 3


def test_releases_are_consents_with_part2_marked(case_manager, full_record):
    consents = _resources(_bundle(case_manager, full_record).bundle, "Consent")
    assert len(consents) == 3
    for consent in consents:
        assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
        assert consent["provision"]["actor"][0]["reference"]["reference"].startswith("urn:uuid:")
    part2 = [c for c in consents if "substance_use" in json.dumps(c["provision"]["code"])]
    [sud] = part2
    assert PART2 in sud["provision"]["securityLabel"]
    assert sud["meta"]["security"][0]["code"] == "42CFRPart2"


def test_a_referral_is_a_service_request_with_its_task_and_history(case_manager, full_record):
    bundle = _bundle(case_manager, full_record).bundle
    [request] = _resources(bundle, "ServiceRequest")
    [task] = _resources(bundle, "Task")
    assert request["status"] == "active" and task["status"] == "accepted"
    performer = request["performer"][0]["reference"]
    organizations = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    assert organizations[performer]["name"].startswith("Organisation")
    assert task["owner"]["reference"] == performer
    history = [organizations[h["reference"]]["activity"]["text"] for h in task["relevantHistory"]]
    assert any("Accepted" in h for h in history)


def test_the_bundle_names_what_it_left_out_and_why(case_manager, full_record):
    exported = _bundle(case_manager, full_record)
    left = {item.what: item for item in exported.left_out}
    assert left["draft contact notes"].count == 1
    assert left["contacts entered in error"].count == 1
    assert left["care-plan drafts"].count == 1
    assert "psychotherapy notes" in left
    [outcome] = _resources(exported.bundle, "OperationOutcome")
    diagnostics = " ".join(i["diagnostics"] for i in outcome["issue"])
    assert "draft contact notes (1)" in diagnostics and "psychotherapy notes" in diagnostics
    retracted = [e for e in _resources(exported.bundle, "Encounter")]
    assert len(retracted) == 3  # two signed contacts and the draft's; not the voided one


def _queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        records_load([client])
    return len(queries)


def test_the_export_costs_the_same_queries_whatever_the_records_size(
    case_manager, supervisor, full_record, team_a
):
    bigger = ClientFactory(team=team_a)
    add_everything(bigger, author=case_manager, supervisor=supervisor, n_visits=12)
    # One query per table the record reads, and the contacts' staff and teams (records_load).
    assert _queries_for(full_record) == _queries_for(bigger) == 27
    record = client_record_for(viewer=case_manager, client_id=bigger.pk)
    with CaptureQueriesContext(connection) as queries:
        bundle_for(record, agency=record.client.agency)
    assert [q["sql"] for q in queries] == []  # everything was loaded: building asks nothing


def test_the_fast_helpers_give_what_django_and_uuid_give(case_manager, full_record):
    # The export's own label and id helpers (speed) must not change a byte of the bundle.
    import uuid

    from exports.fhir.builder import _NAMESPACE, display, resource_id

    record = client_record_for(viewer=case_manager, client_id=full_record.pk)
    for visit in record.visits:
        assert display(visit, "mode") == visit.get_mode_display()
        assert display(visit, "place") == visit.get_place_display()
    for name in (f"clients.client:{full_record.pk}", "note.clients.visit:7", "place:home"):
        assert resource_id(name) == str(uuid.uuid5(_NAMESPACE, name))


def test_the_fast_text_helpers_give_what_the_models_and_django_give(case_manager, full_record):
    # The note's text, the services' labels, instants and local days, each computed once
    # (speed), must be what the model's own properties and django.utils.timezone give.
    from django.utils import timezone, translation

    from clients.models import Visit
    from exports.fhir.builder import bundle_language, instant, item_label, local_date, local_time
    from exports.fhir.care import note_text

    VisitFactory(client=full_record, author=case_manager, services=["housing", "benefits"])
    record = client_record_for(viewer=case_manager, client_id=full_record.pk)
    labels = dict(Visit._meta.get_field("services").base_field.choices)
    for language in ("en", "es"):
        with translation.override(language), bundle_language():
            for visit in record.visits:
                sections = [f"{lab}:\n{body}" for _k, lab, _p, body in visit.sections if body]
                assert note_text(visit) == "\n\n".join(sections)
                assert [item_label(Visit, "services", s) for s in visit.services] == [
                    str(labels.get(s, s)) for s in visit.services
                ]
    assert ["housing", "benefits"] in [v.services for v in record.visits]
    moments = [v.contact_at for v in record.visits] + [v.signed_at for v in record.signed_visits]
    for moment in moments:
        assert instant(moment) == timezone.localtime(moment).isoformat(timespec="seconds")
        assert local_date(moment) == timezone.localdate(moment)
        assert local_time(moment) == timezone.localtime(moment)
