"""directory: the care-team form's directory picker (a fragment). Like the directory, every
member of staff of the agency reads it; it shows only their agency's active organisations
(tests/clients/test_care_team_directory.py)."""

EXPECTED: dict[str, tuple] = {
    "directory:picker": (None, {"anonymous": 302, "*": 200}, 405),
}
