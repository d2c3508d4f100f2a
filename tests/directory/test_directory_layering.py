"""The directory sits between casework and clients (design.md §2): it imports neither the
apps built on it nor is it imported by casework."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE_THE_DIRECTORY = {"clients", "careplans", "referrals", "supervision", "reports"}


def _imported(package: str) -> list[tuple[str, str]]:
    """(file, module) for every import in `package`, `__import__` calls included."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [a.value for a in node.args if isinstance(a, ast.Constant)]
            else:
                continue
            found += [(str(path.relative_to(ROOT)), str(name)) for name in names]
    return found


def test_the_directory_imports_no_app_built_on_it():
    upward = [(f, m) for f, m in _imported("directory") if m.split(".")[0] in ABOVE_THE_DIRECTORY]
    assert upward == []


def test_casework_does_not_import_the_directory():
    assert [(f, m) for f, m in _imported("casework") if m.split(".")[0] == "directory"] == []


def test_the_directory_lives_in_its_own_app_and_referrals_keeps_only_referrals():
    from django.apps import apps

    directory_models = {m.__name__ for m in apps.get_app_config("directory").get_models()}
    referral_models = {m.__name__ for m in apps.get_app_config("referrals").get_models()}
    assert {"Organization", "Service", "Location", "Schedule", "Phone"} <= directory_models
    assert referral_models == {"Referral", "ReferralEvent"}
