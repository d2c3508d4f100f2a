"""A date taken from a timestamp is the agency's date (shared/style.md, "Time"). This reads the
code and refuses the forms that take it in UTC or from the machine's clock instead:
`Cast(<..._at>, DateField())` (PostgreSQL casts in the connection's zone, UTC under Django),
`<..._at>.date()` on an aware UTC value, and `date.today()` / `datetime.now()` /
`datetime.utcnow()` / `timezone.now().date()`. Use `TruncDate(...)`, `__date` lookups and
`timezone.localdate(...)`, which follow the agency's zone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "casework",
    "directory",
    "clients",
    "careplans",
    "referrals",
    "reports",
    "supervision",
    "administration",
    "bench",
    "exports",
)


def _sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _names_a_timestamp(node: ast.AST) -> bool:
    """Does the expression name a timestamp column (our timestamps end in `_at`)?"""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if sub.value.split("__")[-1].endswith("_at"):
                return True
        if isinstance(sub, ast.Attribute) and sub.attr.endswith("_at"):
            return True
    return False


def _called(node: ast.Call) -> str:
    """The dotted name of what is called: `date.today`, `timezone.now`, `Cast`."""
    parts = []
    func = node.func
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _is_date_field(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _called(node).endswith("DateField")


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name.endswith("Cast") and node.args:
            target = node.args[1] if len(node.args) > 1 else None
            target = target or next(
                (k.value for k in node.keywords if k.arg == "output_field"), None
            )
            if target is not None and _is_date_field(target) and _names_a_timestamp(node.args[0]):
                found.append((node.lineno, "Cast of a timestamp to a date (UTC): use TruncDate"))
        if name in {"date.today", "datetime.today", "datetime.date.today", "datetime.utcnow"}:
            found.append((node.lineno, f"{name}(): the machine's day, not the agency's"))
        if name in {"datetime.now", "datetime.datetime.now"} and not (node.args or node.keywords):
            found.append((node.lineno, f"{name}() without a zone: use timezone.now()"))
        if isinstance(node.func, ast.Attribute) and node.func.attr == "date" and not node.args:
            owner = node.func.value
            if isinstance(owner, ast.Call) and _called(owner) in {"timezone.now", "now"}:
                found.append((node.lineno, "timezone.now().date() is UTC: use localdate()"))
            elif isinstance(owner, ast.Attribute) and owner.attr.endswith("_at"):
                found.append((node.lineno, f".{owner.attr}.date() is UTC: use localdate()"))
    return found


def test_no_date_is_taken_from_a_timestamp_in_utc_or_from_the_machines_clock():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {why}"
        for path in _sources()
        for line, why in _offences(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "code",
    [
        'Cast("created_at", DateField())',
        'Cast(F("approved_at"), output_field=DateField())',
        'Coalesce("sent_on", Cast("referral__created_at", models.DateField()))',
        "date.today()",
        "datetime.utcnow()",
        "datetime.now()",
        "client.created_at.date()",
        "timezone.now().date()",
    ],
)
def test_the_check_refuses_each_form(code):
    assert _offences(ast.parse(code)) != []


@pytest.mark.parametrize(
    "code",
    [
        'TruncDate("created_at")',
        'Cast(Coalesce(F("r_last") + days, F("r_opened")), DateField())',
        "timezone.localdate(client.created_at)",
        "timezone.localtime(visit.contact_at).date()",
        "datetime.now(tz=UTC)",
        'datetime.strptime(text, "%Y-%m-%d").date()',
    ],
)
def test_the_check_lets_the_agency_day_through(code):
    assert _offences(ast.parse(code)) == []


CLOCK_READS = {
    "timezone.now",
    "timezone.localdate",
    "timezone.localtime",
    "date.today",
    "datetime.now",
    "datetime.today",
    "now",
    "localdate",
    "localtime",
}


def _read_at_collection(tree: ast.Module) -> list[int]:
    """Lines where a test module reads the clock while pytest collects it (module level,
    decorators such as parametrize, default arguments): that is the machine's clock, hours away
    from the travelled one the test runs on (tests/clock.py). Function bodies and lambdas run
    later, inside the test."""
    found = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Lambda):
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for outside in [*child.decorator_list, *child.args.defaults]:
                    walk(ast.Expression(outside))
                continue
            if isinstance(child, ast.Call) and _called(child) in CLOCK_READS:
                found.append(child.lineno)
            walk(child)

    walk(tree)
    return found


def test_no_test_reads_the_clock_while_it_is_collected():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line in _read_at_collection(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == [], "compute it in the test, or pass a lambda to tests.clock.when_run"


@pytest.mark.parametrize(
    ("code", "caught"),
    [
        ("TODAY = timezone.localdate()", True),
        ("@pytest.mark.parametrize('x', [timezone.now()])\ndef test(x): pass", True),
        ("def test(x=date.today()): pass", True),
        ("@pytest.mark.parametrize('x', [lambda: timezone.now()])\ndef test(x): pass", False),
        ("def test():\n    today = timezone.localdate()", False),
    ],
)
def test_the_collection_check_tells_a_lambda_from_a_value(code, caught):
    assert bool(_read_at_collection(ast.parse(code))) is caught
