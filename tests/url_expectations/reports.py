"""reports: the report pages and their downloads. Supervisors and compliance reviewers see
their teams' reports, the agency admin the agency's figures (without client lists); case
managers have none (403). Without parameters a report shows the viewer's first team."""

_REPORTERS = {
    "anonymous": 302,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 200,
    "*": 403,
}


def _slug(c):
    return {"slug": "follow-up"}


EXPECTED: dict[str, tuple] = {
    "reports:index": (None, _REPORTERS, 405),
    "reports:report": (_slug, _REPORTERS, 405),
    "reports:download_csv": (_slug, _REPORTERS, 405),
    "reports:download_xlsx": (_slug, _REPORTERS, 405),
}
