"""The input rules every form gets from casework.input (issue #23): refused at the field, with
a message, before anything reaches a query."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date

import pytest
from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.test import RequestFactory

from casework.input import (
    ALLOWED_CONTROLS,
    BIDI_CONTROLS,
    LINE_MAX,
    TEXT_MAX,
    CleanForm,
    PlausibleDateField,
    query_params,
    refuse_unsafe_text,
    search_query,
)


class _Form(CleanForm):
    name = forms.CharField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)
    on = forms.DateField(required=False)
    count = forms.IntegerField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("a", "A")])


def _errors(**data) -> dict:
    form = _Form(data)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "text",
    ["Ann\u202eeoJ", "Ann\u2066Joe", "bell\x07", "esc\x1b[2J", "nul\x00", "lone\ud800", "\ufffd"],
)
def test_it_refuses_control_and_bidi_characters_in_text(text):
    messages = _errors(name=text)["name"]
    # Django's own validator names a NUL too; ours names every invisible character.
    assert any("invisible control character" in m for m in messages), messages


def test_the_refused_characters_are_exactly_the_rule_on_every_code_point():
    """refuse_unsafe_text scans with one regular expression (fast on a 1 MB field); it refuses
    exactly what the rule says: categories Cc and Cs but tab, newline and carriage return,
    the bidi controls and U+FFFD, and names the first one in the text."""
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    rule = {
        ch
        for ch in every
        if ch not in ALLOWED_CONTROLS
        and (unicodedata.category(ch) in {"Cc", "Cs"} or ch in BIDI_CONTROLS or ch == "\ufffd")
    }
    refused = set()
    for start in range(0, len(every), 4096):  # a block at a time: the first refused, then on
        block = "".join(every[start : start + 4096])
        while block:
            try:
                refuse_unsafe_text(block)
                break
            except ValidationError as error:
                code = error.messages[0].split("U+")[1].split(")")[0]
                found = chr(int(code, 16))
                refused.add(found)
                block = block[block.index(found) + 1 :]
    assert refused == rule


@pytest.mark.parametrize("text", ["Zoë O'Brien-Nguyễn", "李小龍", "مريم", "line\r\nline\ttab"])
def test_it_keeps_ordinary_text_in_any_script(text):
    assert "name" not in _errors(name=text)


def test_every_text_field_has_a_length_limit():
    assert "at most 500" in _errors(name="x" * (LINE_MAX + 1))["name"][0]
    assert "note" not in _errors(note="x" * TEXT_MAX)
    assert "note" in _errors(note="x" * (TEXT_MAX + 1))
    assert _Form().fields["note"].widget.attrs["maxlength"] == str(TEXT_MAX)


@pytest.mark.parametrize(("value", "refused"), [
    ("0001-01-01", True), ("1899-12-31", True), ("1900-01-01", False),
    ("2100-12-31", False), ("2101-01-01", True), ("9999-12-31", True),
])  # fmt: skip
def test_dates_outside_1900_to_2100_are_refused_at_the_field(value, refused):
    errors = _errors(on=value)
    assert ("on" in errors) is refused
    if refused:
        assert errors["on"] == ["Enter a date between 1900 and 2100."]


def test_integers_beyond_the_database_are_refused_at_the_field():
    assert "count" in _errors(count=str(2**31))
    assert "count" in _errors(count=str(10**400))
    assert "count" not in _errors(count="42")


def test_a_choice_with_a_nul_is_refused_not_looked_up():
    assert "kind" in _errors(kind="a\x00")


def test_get_parameters_are_parsed_through_fields():
    request = RequestFactory().get("/", {"day": "2026-12-07"})
    assert query_params(request, day=PlausibleDateField()) == {"day": date(2026, 12, 7)}
    assert query_params(RequestFactory().get("/"), day=PlausibleDateField()) == {"day": None}
    with pytest.raises(BadRequest, match="day"):
        query_params(RequestFactory().get("/", {"day": "0001-01-01"}), day=PlausibleDateField())


def test_the_search_box_collapses_space_and_refuses_control_characters():
    assert search_query(RequestFactory().get("/", {"q": "  Ann   Lee "})) == "Ann Lee"
    assert len(search_query(RequestFactory().get("/", {"q": "x" * 300}))) == 100
    with pytest.raises(BadRequest):
        search_query(RequestFactory().get("/", {"q": "Ann\x00"}))
