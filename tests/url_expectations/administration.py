"""administration: the agency admin's pages (programs, areas, teams, staff onboarding, the
caseload import). Agency admins only: every other role gets 403, whatever their team; a row
of another agency answers 404 (tests/administration/test_structure_views.py). The invitation
link is open to anyone holding a valid one; an invalid link answers 404 to everyone."""

from administration.models import CaseloadImport, ImportState
from tests.factories import ServiceAreaFactory

_ADMIN = {"anonymous": 302, "admin_user": 200, "*": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_ADMIN_FORM_POST = {"admin_user": 200, "*": 403}
# An action: done (or refused with a message) and back to the person's page.
_ADMIN_ACTION_POST = {"admin_user": 302, "*": 403}
_POST_ONLY = {"anonymous": 302, "*": 405}


def _program(c):
    return {"pk": c["client_a"].team.program_id}


def _area(c):
    return {"pk": ServiceAreaFactory(agency=c["client_a"].agency).pk}


def _team(c):
    return {"pk": c["client_a"].team_id}


def _person(c):
    return {"user_id": c["case_manager"].pk}


def _refused_import(c):
    batch = CaseloadImport.objects.create(
        agency=c["client_a"].agency,
        uploaded_by=c["admin_user"],
        state=ImportState.REFUSED,
        clients_name="clients.csv",
        clients_sha256="0" * 64,
        report={"problems": [["clients file", 1, "given_name", "This column is missing."]]},
    )
    return {"pk": batch.pk}


EXPECTED: dict[str, tuple] = {
    "administration:home": (None, _ADMIN, 405),
    # An empty choice picks no agency: refused (tests/administration/test_agency_switch.py).
    "administration:agency_switch": (None, _POST_ONLY, {"anonymous": 302, "*": 403}),
    # An empty POST clears the optional details: saved, back to the agency page.
    "administration:agency_details": (None, _ADMIN, {"admin_user": 302, "*": 403}),
    "administration:program_create": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:program_edit": (_program, _ADMIN, _ADMIN_FORM_POST),
    "administration:area_create": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:area_edit": (_area, _ADMIN, _ADMIN_FORM_POST),
    "administration:team_create": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:team_edit": (_team, _ADMIN, _ADMIN_FORM_POST),
    "administration:staff": (None, _ADMIN, 405),
    "administration:staff_invite": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:staff_invite_many": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:staff_template": (lambda c: {"fmt": "csv"}, _ADMIN, 405),
    "administration:staff_detail": (_person, _ADMIN, 405),
    # The empty roles form gives nobody a role: refused at the form, nothing saved.
    "administration:staff_roles": (_person, _ADMIN, _ADMIN_FORM_POST),
    # The case manager has a password already: refused with a message.
    "administration:staff_resend": (_person, _POST_ONLY, _ADMIN_ACTION_POST),
    "administration:staff_unlock": (_person, _POST_ONLY, _ADMIN_ACTION_POST),
    # GET asks for confirmation; POST deactivates (tests/administration/test_staff_*.py).
    "administration:staff_deactivate": (_person, _ADMIN, _ADMIN_ACTION_POST),
    "administration:staff_reactivate": (_person, _POST_ONLY, _ADMIN_ACTION_POST),
    "administration:import": (None, _ADMIN, _ADMIN_FORM_POST),
    "administration:import_template": (
        lambda c: {"kind": "clients", "fmt": "xlsx"},
        _ADMIN,
        405,
    ),
    "administration:import_detail": (_refused_import, _ADMIN, 405),
    # A refused import does not run: a message, back to its page.
    "administration:import_run": (_refused_import, _POST_ONLY, _ADMIN_ACTION_POST),
    "administration:import_discard": (_refused_import, _POST_ONLY, _ADMIN_ACTION_POST),
    "administration:welcome": (
        lambda c: {"uidb64": "MQ", "token": "not-a-token"},
        {"*": 404},
        404,
    ),
}
