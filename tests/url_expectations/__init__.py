"""Who may reach each route, one module per area (so parallel work never edits one table).

Each module defines `EXPECTED`: route name -> (kwargs builder or None, {role: expected GET
status, "*": default}, expected POST status for signed-in roles (an int, or a dict by role
like the GET one; an empty POST must be refused or rejected with that status and change
nothing), or None when its own tests cover POST). A kwargs builder receives the cast dict
(`client_a`, `client_b`, the users) and may create objects of team A with the factories;
the outsider (team B) must then get 404.
"""

from __future__ import annotations

import importlib
import pkgutil

EXPECTED: dict[str, tuple] = {}
for _module in pkgutil.iter_modules(__path__):
    _table = importlib.import_module(f"{__name__}.{_module.name}").EXPECTED
    if duplicated := set(_table) & set(EXPECTED):
        raise AssertionError(f"{_module.name} declares {sorted(duplicated)} again")
    EXPECTED.update(_table)
