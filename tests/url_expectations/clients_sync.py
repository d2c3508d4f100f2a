"""clients: the upload of visits logged offline (JSON only; tests/clients/test_sync.py covers
what each role's upload does). The matrix's form-encoded POST is not a visit: 400, nothing
written."""

from __future__ import annotations

POST_ONLY = {"anonymous": 302, "*": 405}

EXPECTED: dict[str, tuple] = {
    "clients:sync_visit_upload": (None, POST_ONLY, 400),
    "clients:sync_visit_discard": (None, POST_ONLY, 400),
}
