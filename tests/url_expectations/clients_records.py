"""clients: my caseload, find a client, the client record's timeline (the record page is
composed in pages: tests/url_expectations/pages.py)."""

# Client-scoped reads: team A's clinical roles 200; the agency admin and team B's outsider 404.
READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}

EXPECTED: dict[str, tuple] = {
    # Lists are scoped, not refused: anyone signed in gets a (possibly empty) page.
    "clients:list": (None, {"anonymous": 302, "*": 200}, 405),
    "clients:caseload": (None, {"anonymous": 302, "*": 200}, 405),
    "clients:timeline": (lambda c: {"pk": c["client_a"].pk}, READ, 405),
}
