"""The owner's rights for a moment, inside a test's own transaction.

Every test connection logs in as the owner and takes the application's role at once
(`SET ROLE casework_app`, tests/conftest.py), so a test exercises exactly the rights production
has. `as_owner()` steps back to the login's own rights for a block and takes the application's
role again after: for the harness (copying shared rows in, emptying tables behind triggers)
and for tests that play someone holding the owner's login. The application never can: its
production login is `casework_app` itself, which has no other role to return to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import DatabaseError, connections
from django.db.transaction import TransactionManagementError

from casework.db_roles import APP_ROLE


@contextlib.contextmanager
def as_owner(using: str = "default") -> Iterator:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE NONE")
        try:
            yield cursor
        finally:
            try:
                cursor.execute(f"SET ROLE {APP_ROLE}")
            except (DatabaseError, TransactionManagementError):
                # The transaction failed inside the block: its rollback, which must follow,
                # undoes SET ROLE NONE with everything else.
                if not connection.in_atomic_block:
                    raise
