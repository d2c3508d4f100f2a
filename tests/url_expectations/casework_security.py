"""casework.security: audit report and export, who opened a record, emergency access and
its review, two-factor enrolment and verification."""

from django.utils import timezone

from casework.models import EmergencyAccess


def _client(c):
    return {"client_id": c["client_a"].pk}


def _grant(c):
    # The outsider (team B) broke the glass to team A's client: team A's supervisor reviews.
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=c["outsider"],
        client_id=c["client_a"].pk,
        team_id=c["client_a"].team_id,
        agency_id=c["client_a"].agency_id,
        reason="Crisis call at the shelter, needs the safety plan",
        granted_at=now,
        expires_at=now + timezone.timedelta(hours=4),
    )
    return {"pk": grant.pk}


_COMPLIANCE_ONLY = {"anonymous": 302, "compliance": 200, "*": 403}
_CLINICAL_WRITERS = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "outsider": 200,
    "*": 403,
}

EXPECTED: dict[str, tuple] = {
    "security:audit_report": (None, _COMPLIANCE_ONLY, 405),
    "security:audit_export": (None, _COMPLIANCE_ONLY, 405),
    "security:client_audit": (
        _client,
        {
            "anonymous": 302,
            "supervisor": 200,
            "compliance": 200,
            "case_manager": 403,
            "admin_user": 404,
            "outsider": 404,
        },
        405,
    ),
    "security:client_audit_panel": (
        _client,
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "compliance": 200,
            "*": 404,
        },
        405,
    ),
    # An empty POST re-renders the form with errors and grants nothing.
    "security:emergency_start": (None, _CLINICAL_WRITERS, {**_CLINICAL_WRITERS}),
    "security:emergency_review_queue": (
        None,
        {"anonymous": 302, "supervisor": 200, "*": 403},
        405,
    ),
    # Only team A's supervisor may mark it reviewed (then 302); everyone else is refused.
    "security:emergency_review": (
        _grant,
        {"*": 405},
        {"supervisor": 302, "*": 403},
    ),
    "security:two_factor_setup": (None, {"anonymous": 302, "*": 200}, 200),
    # Without a device yet, verification sends a person to enrol.
    "security:two_factor_verify": (None, {"anonymous": 302, "*": 302}, 302),
}
