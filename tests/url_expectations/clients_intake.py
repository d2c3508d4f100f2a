"""clients: intake and editing a client's details."""

EXPECTED: dict[str, tuple] = {
    # Anyone with a case manager or supervisor role somewhere may take in a client (the
    # outsider for team B); read-only and non-clinical roles may not. An empty POST is
    # re-rendered with field errors and creates nothing.
    "clients:create": (
        None,
        {"anonymous": 302, "compliance": 403, "admin_user": 403, "*": 200},
        {"compliance": 403, "admin_user": 403, "*": 200},
    ),
    "clients:edit": (
        lambda c: {"pk": c["client_a"].pk},
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "compliance": 403,
            "admin_user": 404,
            "outsider": 404,
        },
        {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404},
    ),
}
