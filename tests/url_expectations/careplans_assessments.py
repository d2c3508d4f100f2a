"""careplans: assessments, instruments and safety flags."""

from django.utils import timezone

from tests.factories import AdministrationFactory, AssessmentFactory, SafetyFlagFactory

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}
_POST_ONLY = {"anonymous": 302, "*": 405}
# A draft is its author's (the case manager's): anyone else in the team gets 403.
_AUTHOR = {**_READ, "supervisor": 403, "compliance": 403}
_AUTHOR_POST = {"case_manager": 200, "supervisor": 403, "compliance": 403, "*": 404}


def _client(c):
    return {"client_id": c["client_a"].pk}


def _instrument(c):
    return {"client_id": c["client_a"].pk, "code": "phq9"}


def _draft(c):
    draft = AssessmentFactory(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": draft.pk}


def _signed(c):
    signed = AssessmentFactory(
        client=c["client_a"], author=c["case_manager"], signed_at=timezone.now()
    )
    return {"client_id": c["client_a"].pk, "pk": signed.pk}


def _result(c):
    row = AdministrationFactory(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": row.pk}


def _flag(c):
    flag = SafetyFlagFactory(
        administration=AdministrationFactory(client=c["client_a"], author=c["case_manager"])
    )
    return {"client_id": c["client_a"].pk, "pk": flag.pk}


EXPECTED: dict[str, tuple] = {
    "careplans:client_panel": (_client, _READ, 405),
    "careplans:assessments": (_client, _READ, 405),
    # POST opens a draft and redirects to it (tests/careplans/test_assessment_views.py).
    "careplans:assessment_start": (
        _client,
        _POST_ONLY,
        {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404},
    ),
    "careplans:assessment_detail": (_signed, _READ, 405),
    "careplans:assessment_edit": (_draft, _AUTHOR, _AUTHOR_POST),
    "careplans:assessment_autosave": (_draft, _POST_ONLY, _AUTHOR_POST),
    "careplans:assessment_sign": (_draft, _POST_ONLY, _AUTHOR_POST),
    # The author or a supervisor of the team adds addenda.
    "careplans:assessment_addendum": (_signed, _POST_ONLY, _WRITE_POST),
    "careplans:administration_create": (_instrument, _WRITE, _WRITE_POST),
    "careplans:administration_preview": (_instrument, _POST_ONLY, _WRITE_POST),
    "careplans:instrument_history": (_instrument, _READ, 405),
    "careplans:administration_detail": (_result, _READ, 405),
    "careplans:flag_acknowledge": (_flag, _WRITE, _WRITE_POST),
}
