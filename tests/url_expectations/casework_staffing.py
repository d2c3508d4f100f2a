"""casework.staffing: staff profiles (trainings, languages, areas, caseload limits)."""

from __future__ import annotations


def _case_manager(cast: dict) -> dict:
    return {"user_id": cast["case_manager"].pk}


EXPECTED: dict[str, tuple] = {
    # Supervisors keep their teams' profiles, agency admins every profile of the agency.
    "staffing:staff_list": (
        None,
        {"anonymous": 302, "supervisor": 200, "admin_user": 200, "*": 403},
        {"anonymous": 302, "*": 405},
    ),
    # Team A's case manager: their own profile, their supervisor's, the admin's to read;
    # nobody else learns of it (404).
    "staffing:profile": (
        _case_manager,
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "admin_user": 200,
            "*": 404,
        },
        {"anonymous": 302, "*": 405},
    ),
    # Only the supervisor and the admin edit it; the person reads it (403); an empty POST is
    # re-rendered with the form (nothing ticked: nothing to refuse) and changes nothing.
    "staffing:profile_edit": (
        _case_manager,
        {
            "anonymous": 302,
            "case_manager": 403,
            "supervisor": 200,
            "admin_user": 200,
            "*": 404,
        },
        None,
    ),
}
