"""No 500 on any input (issue #23): every route of the URLconf, as a clinical member of the
client's team, gets every GET parameter and every form field the project knows sent hostile
values (NUL bytes, unpaired surrogates, control and bidi-override characters, 1 MB strings,
dates from year 1 to 9999, huge integers). Each answer is 200, 302, 400, 403, 404 or 405, and
a request that was not accepted (anything but a redirect) changed no row.

The parameter names are read from the code, not listed by hand: the fields of every form
class in the project, plus every `request.GET`/`request.POST` key the views read. A new form
or parameter is fuzzed without anyone remembering to add it. Each route is one test of ten
requests (five kinds of hostile value, by GET and by POST): about half a second each, for
~200 routes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.casework.test_url_permissions import _row_counts
from tests.cast import build_signed_in_cast, sign_in
from tests.shared_rows import module_rows
from tests.url_expectations import EXPECTED

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "casework",
    "directory",
    "clients",
    "careplans",
    "referrals",
    "supervision",
    "reports",
    "exports",
    "administration",
)
_READ_KEY = re.compile(r"request\.(?:GET|POST)\.(?:get|getlist)\(\"([A-Za-z_][\w-]*)\"")
OK = {200, 302, 400, 403, 404, 405}
# POSTs that are the action itself, with no field to refuse, and answer with a page instead
# of a redirect: their change is the point, not a half-saved refusal.
ACTS_WITHOUT_A_FIELD = {
    "clients:feed_settings": "makes a new calendar link and shows it on this answer only",
}
BIG = 1_000_000


def _form_classes() -> list[type]:
    import django.urls

    django.urls.get_resolver().url_patterns  # noqa: B018 - imports every view and its forms
    seen, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in APPS:
            seen.append(cls)
    return seen


def _parameter_names() -> list[str]:
    names = set()
    for form in _form_classes():
        prefix = f"{form.prefix}-" if getattr(form, "prefix", None) else ""
        names |= {prefix + name for name in form.base_fields}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            names |= set(_READ_KEY.findall(path.read_text()))
    return sorted(names - {"csrfmiddlewaretoken"})


PARAMS = _parameter_names()


_PLAIN = st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=12)


def _text(bad: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Ordinary text with a `bad` string somewhere in it. One strategy built once, not one
    per value (a flatmap builds and validates a new one at every draw: that was half the
    test's time)."""
    return st.tuples(_PLAIN, bad, _PLAIN).map("".join)


# Each kind of hostile value; every parameter of a request gets one value of the kind (the
# 1 MB string goes to one parameter at a time, or every request would be refused whole).
KINDS = {
    "nul": _text(st.just("\x00")),
    # An unpaired surrogate, a control character and a bidi override in one string.
    "invisible": _text(
        st.tuples(
            st.sampled_from(["\ud800", "\udfff"]),
            st.sampled_from(["\x07", "\x1b", "\x7f", "\x0b"]),
            st.sampled_from(["\u202e", "\u202a", "\u2066", "\u2069"]),
        ).map("".join)
    ),
    "date": st.one_of(
        st.dates(max_value=date(1899, 12, 31)), st.dates(min_value=date(2101, 1, 1))
    ).map(str),
    "huge_int": st.one_of(
        st.integers(min_value=2**63), st.integers(max_value=-(2**63)), st.just(10**400)
    ).map(str),
    "big": st.just("x"),
}


def _encode(values: dict[str, str]) -> str:
    """A form-encoded body or query; unpaired surrogates go as their raw UTF-8 bytes, which a
    browser or a script can send though no Python string can be encoded to them."""
    return "&".join(
        f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
        for k, v in values.items()
    )


def _routes() -> list[str]:
    return sorted(name for name, (kwargs_for, *_r) in EXPECTED.items() if name != "logout")


def _role(statuses: dict) -> str:
    for role in ("case_manager", "supervisor", "admin_user", "compliance"):
        if statuses.get(role, statuses.get("*")) in {200, 302, 405}:
            return role
    return "case_manager"


cast = module_rows(build_signed_in_cast)


HOSTILE = settings(
    max_examples=1,
    # No shrinking: a failure names the route, the kind and the status, and rerunning ~10
    # requests hundreds of times to shrink 232 parameters would take minutes.
    phases=[Phase.generate],
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    ],
)


def _queries(data) -> dict[str, str]:
    """Each kind's query string, drawn from its strategy. derandomize seeds hypothesis with
    the test function, not the route, so every route's one example draws the very same
    values: they are drawn once (the first route's example, in full) and reused, which
    sends each route exactly what it was sent before; ~1,160 draws a route were 0.17 of its
    0.45 CPU-seconds. Without derandomize each route would draw its own."""
    if HOSTILE.derandomize and _DRAWN:
        return _DRAWN
    queries = {}
    for kind, strategy in KINDS.items():
        # One value per parameter, drawn as one list (a draw per parameter costs more than the
        # requests); a failure's report shows the list, in the order of PARAMS.
        n = len(PARAMS)
        drawn = data.draw(st.lists(strategy, min_size=n, max_size=n), label=kind)
        values = dict(zip(PARAMS, drawn, strict=True))
        if kind == "big":
            values[data.draw(st.sampled_from(PARAMS), label="big")] = "x" * BIG
        queries[kind] = _encode(values)
    if HOSTILE.derandomize:
        _DRAWN.update(queries)
    return queries


_DRAWN: dict[str, str] = {}


@pytest.mark.parametrize("name", _routes())
@HOSTILE
@given(data=st.data())
def test_no_route_answers_500_to_hostile_input(client, cast, name, data):
    kwargs_for, statuses, _post = EXPECTED[name]
    url = reverse(name, kwargs=kwargs_for(cast) if kwargs_for else None)
    role = _role(statuses)
    sign_in(client, cast, role)
    for kind, query in _queries(data).items():
        response = client.get(f"{url}?{query}")
        assert response.status_code in OK, f"GET {url} ({kind}) as {role}"

        before = _row_counts()
        response = client.post(url, query, content_type="application/x-www-form-urlencoded")
        assert response.status_code in OK, f"POST {url} ({kind}) as {role}"
        if response.status_code != 302 and name not in ACTS_WITHOUT_A_FIELD:
            assert _row_counts() == before, f"a refused POST {url} ({kind}) changed data"
