"""clients: the ranked lists of case managers that the intake and transfer forms refresh."""

from __future__ import annotations

EXPECTED: dict[str, tuple] = {
    # Whoever may take in a client gets the ranked list for their own writable teams (the
    # outsider for team B); read-only and non-clinical roles may not. GET only.
    "clients:intake_suggestions": (
        None,
        {"anonymous": 302, "compliance": 403, "admin_user": 403, "*": 200},
        {"anonymous": 302, "*": 405},
    ),
    # As the transfer page itself: the client's writers only; a reader is refused (403).
    "clients:transfer_suggestions": (
        lambda c: {"pk": c["client_a"].pk},
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "compliance": 403,
            "admin_user": 404,
            "outsider": 404,
        },
        405,
    ),
}
