"""What the application accepts as typed input, in one place (issue #23): every form of the
project is a `CleanForm` or `CleanModelForm`, and every GET parameter a view reads is parsed by
`query_params` through form fields. Text refuses control characters, unpaired surrogates and
bidirectional overrides (a name that displays reversed misleads the reader of a record), and
every text field has a length limit; dates outside 1900-2100 and integers beyond the database's
range are refused at the field instead of failing deep in a query or in date arithmetic."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Explicit directional embeddings and overrides (U+202A-202E) and isolates (U+2066-2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Whitespace a textarea legitimately holds; every other control character is refused.
ALLOWED_CONTROLS = frozenset("\t\n\r")
# The characters refused in text, as one pattern: the control characters (Unicode category Cc,
# exactly U+0000-001F and U+007F-009F) but ALLOWED_CONTROLS, the surrogates (Cs, U+D800-DFFF),
# BIDI_CONTROLS and U+FFFD. A regular expression scans a 1 MB field in 5 ms where a loop asking
# unicodedata for each character's category took 115 ms (tests/casework/test_input.py checks
# the two agree on every code point).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffd]"
)
# Limits for text fields that name none: a line, and a box of free text.
LINE_MAX = 500
TEXT_MAX = 20_000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# PostgreSQL's integer and bigint: a larger number is refused at the field, not by the database.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


def refuse_unsafe_text(value: object) -> None:
    """Refuse control characters, unpaired surrogates, U+FFFD (what a malformed byte
    sequence decodes to) and bidi overrides, naming the first one found."""
    if not isinstance(value, str):
        return
    if found := _UNSAFE.search(value):
        raise ValidationError(
            _("Remove the invisible control character (U+%(code)04X) from this text.")
            % {"code": ord(found.group())},
            code="unsafe_character",
        )


def is_clean_text(value: str) -> bool:
    """Whether `value` passes `refuse_unsafe_text` (for values read outside a form)."""
    try:
        refuse_unsafe_text(value)
    except ValidationError:
        return False
    return True


def local_target(request: HttpRequest, value: str) -> str | None:
    """`value` as a place on this site to go back to ("/clients/?page=2"), or None: only a
    clean absolute path on this host (anything else would be looked up as a route name)."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if not is_clean_text(value) or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value


def refuse_implausible_year(value: object) -> None:
    if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="implausible_date",
        )


class PlausibleDateField(forms.DateField):
    """A date field that refuses years outside 1900-2100, with a message at the field."""

    default_validators = [refuse_implausible_year]


def harden_field(field: forms.Field) -> None:
    """Give one form field the project's input rules (idempotent)."""
    if getattr(field, "_casework_hardened", False):
        return
    field._casework_hardened = True
    if isinstance(field, forms.CharField):
        field.validators.append(refuse_unsafe_text)
        if field.max_length is None:
            limit = TEXT_MAX if isinstance(field.widget, forms.Textarea) else LINE_MAX
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))
    elif isinstance(field, forms.ChoiceField):
        field.validators.append(_refuse_unsafe_choices)
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(refuse_implausible_year)
    elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(INT_MAX))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-INT_MAX))


def _refuse_unsafe_choices(value: object) -> None:
    for item in value if isinstance(value, list | tuple) else [value]:
        refuse_unsafe_text(item)


class CleanFormMixin:
    """The input rules on every field of the form, whatever its author remembered."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            harden_field(field)


class CleanForm(CleanFormMixin, forms.Form):
    pass


class CleanModelForm(CleanFormMixin, forms.ModelForm):
    pass


def query_params(request: HttpRequest, **fields: forms.Field) -> dict:
    """GET parameters parsed by form fields (hardened like any form's): a missing or empty
    parameter is the field's empty value; one that does not parse is a 400 that says which,
    not a 500 from a query or date arithmetic further on."""
    form = CleanForm(request.GET)
    for name, field in fields.items():
        field.required = False
        form.fields[name] = field
        harden_field(field)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise BadRequest(f"{name}: {errors[0]}")
    return form.cleaned_data


def text_box(
    label: str, *, max_length: int, rows: int, required: bool = False, help_text: str = ""
) -> forms.CharField:
    """A free-text answer written in a box of `rows` lines, capped at `max_length` characters
    like every text field, optional unless `required`."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def search_field(max_length: int = 100) -> forms.CharField:
    """The search box's text: whitespace collapsed, at most `max_length` characters."""
    return forms.CharField(max_length=max_length, strip=True)


def search_query(request: HttpRequest, *, name: str = "q", length: int = 100) -> str:
    """The search box's text with its whitespace collapsed, cut to `length` characters (a long
    paste still searches); a control character or a runaway 1,000-character query is a 400."""
    text = query_params(request, **{name: forms.CharField(max_length=1000)})[name]
    return " ".join(text.split())[:length]
