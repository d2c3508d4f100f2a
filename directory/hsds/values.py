"""One HSDS value in and out: the check and conversion of a field's value as HSDS types it
(a JSON value, or a CSV cell's text), and its form in an export.

`read` answers the value to keep, or says why not: a `Blocking` error breaks the schema (a
wrong JSON type, text that is not a number, a date or a UUID, a value outside an enum) and
stops the import; a `Dropped` one is a value HSDS allows but Casework cannot use (a URL that
is not one, an unknown language code, a latitude of 100): the row is kept without it and the
report says so. Codes are normalised to the case their standard uses and checked against
the ISO lists pycountry ships.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from directory.hours import parse_byday, parse_numbers
from directory.hsds import spec
from directory.models import Weekday

_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_RANGES = {"latitude": (-90, 90), "longitude": (-180, 180), "timezone": (-14, 14)}
_HSDS_FREQ = {"WEEKLY", "MONTHLY"}
_JSON_TYPE = {str: "text", bool: "true or false", int: "a number", float: "a number"}


class Blocking(Exception):
    """The value breaks the HSDS schema."""


class Dropped(Exception):
    """The value is left out of the row (a warning)."""


class Kept(Exception):
    """The value is kept as read, with a warning (`value` is what is kept)."""

    def __init__(self, message: str, value: Any) -> None:
        super().__init__(message)
        self.value = value


def _json_kind(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "an object"
    return _JSON_TYPE.get(type(value), type(value).__name__)


def _expect_text(value: Any, textual: bool) -> str:
    if textual or isinstance(value, str):
        return str(value)
    raise Blocking(f"Expected text, found {_json_kind(value)} ({value!r}).")


def _number(value: Any, textual: bool) -> Decimal:
    if not textual:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Blocking(f"Expected a number, found {_json_kind(value)} ({value!r}).")
        return Decimal(str(value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Blocking(f"Not a number: {value!r}.") from None
    if not number.is_finite():
        raise Blocking(f"Not a number: {value!r}.")
    return number


def is_absent(value: Any) -> bool:
    """No value: missing, null, or empty text (HSDS leaves a field out, a CSV cell empty)."""
    return value is None or (isinstance(value, str) and not value.strip())


def read(field: spec.Field, value: Any, *, textual: bool) -> Any:
    """The value to keep for `field`; raises Blocking, Dropped or Kept."""
    kind = field.kind
    if kind in (spec.NUMBER, spec.INTEGER):
        return _read_number(field, _number(value, textual))
    if kind == spec.BOOL:
        if not textual:
            if isinstance(value, bool):
                return value
            raise Blocking(f"Expected true or false, found {_json_kind(value)} ({value!r}).")
        lowered = str(value).strip().lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise Blocking(f"Expected true or false, found {value!r}.")
    text = _expect_text(value, textual)
    if kind == spec.TEXT:
        return _read_text(field, text)  # kept as published, spaces and all
    return _READERS[kind](field, text.strip())


def _read_text(field: spec.Field, text: str) -> str:
    if "\x00" in text:
        raise Blocking("Contains a NUL character.")
    return text


def _read_uuid(field: spec.Field, text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise Blocking(f"Not a UUID: {text!r}.") from None


def _read_uri(field: spec.Field, text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme.lower() in {"http", "https", "ftp"} and parts.netloc and " " not in text:
        return text
    if parts.scheme.lower() in {"mailto", "tel"} and parts.path:
        return text
    raise Dropped(f"{text!r} is not a web address; left out.")


def _read_email(field: spec.Field, text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise Dropped(f"{text!r} is not an e-mail address; left out.") from None
    return text


def _read_date(field: spec.Field, text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> date:
    raise Blocking(f"Not a date (YYYY-MM-DD): {text!r}.")


def read_time(text: str) -> tuple[time, Decimal | None]:
    """ "10:00", "10:00:00", "09:00-05:00", "17:30Z" -> (time, UTC offset in hours or None)."""
    match = _TIME.match(text)
    if not match:
        raise Blocking(f"Not a time (HH:MM or HH:MM:SS): {text!r}.")
    hours, minutes, seconds, zone = match.groups()
    try:
        moment = time(int(hours), int(minutes), int(seconds or 0))
    except ValueError:
        raise Blocking(f"Not a time (HH:MM or HH:MM:SS): {text!r}.") from None
    if zone is None:
        return moment, None
    if zone == "Z":
        return moment, Decimal(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return moment, sign * (Decimal(digits[:2]) + Decimal(digits[2:]) / 60)


def _read_time(field: spec.Field, text: str) -> tuple[time, Decimal | None]:
    return read_time(text)


def _read_datetime(field: spec.Field, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Blocking(f"Not a date and time (ISO 8601): {text!r}.") from None
    # HSDS: dates without an offset are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_enum(field: spec.Field, text: str) -> str:
    wanted = text.upper() if field.name == "freq" else text.lower()
    if wanted not in field.choices:
        raise Blocking(f"{text!r} is not one of {', '.join(field.choices)}.")
    if field.name == "freq" and wanted not in _HSDS_FREQ:
        raise Kept(f"{wanted} is RFC 5545's, not in HSDS 3.0's (WEEKLY, MONTHLY); kept.", wanted)
    if wanted != text:
        raise Kept(f"{text!r} read as {wanted!r}.", wanted)
    return wanted


def _read_language(field: spec.Field, text: str) -> str:
    code = text.lower()
    found = (
        pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else pycountry.languages.get(alpha_3=code)
        if len(code) == 3
        else None
    )
    if found is None and len(code) == 3:
        found = pycountry.languages.get(bibliographic=code)
    if found is None:
        raise Dropped(f"{text!r} is not an ISO 639 language code; left out.")
    return code


def _read_country(field: spec.Field, text: str) -> str:
    code = text.upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise Blocking(f"{text!r} is not an ISO 3166-1 alpha-2 country code (such as US).")
    return code


def _read_currency(field: spec.Field, text: str) -> str:
    code = text.upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise Dropped(f"{text!r} is not an ISO 4217 currency code; left out.")
    return code


def _read_byday(field: spec.Field, text: str) -> str:
    try:
        parts = parse_byday(text)
    except ValueError:
        raise Dropped(f"{text!r} is not days such as MO,TU or 1MO,-1FR; left out.") from None
    return ",".join(f"{n or ''}{code}" for n, code in parts)


def _read_numbers(field: spec.Field, text: str) -> str:
    try:
        numbers = parse_numbers(text)
    except ValueError:
        raise Dropped(f"{text!r} is not a list of numbers such as 2,3,-1; left out.") from None
    return ",".join(str(n) for n in numbers)


def _read_weekday(field: spec.Field, text: str) -> str:
    code = text.upper()
    if code not in Weekday.values:
        raise Dropped(f"{text!r} is not a day code (MO … SU); left out.")
    return code


_READERS = {
    spec.UUID: _read_uuid,
    spec.REF: _read_uuid,
    spec.URI: _read_uri,
    spec.EMAIL: _read_email,
    spec.DATE: _read_date,
    spec.TIME: _read_time,
    spec.DATETIME: _read_datetime,
    spec.ENUM: _read_enum,
    spec.LANGUAGE: _read_language,
    spec.COUNTRY: _read_country,
    spec.CURRENCY: _read_currency,
    spec.BYDAY: _read_byday,
    spec.NUMBERS: _read_numbers,
    spec.WEEKDAY: _read_weekday,
}


def _read_number(field: spec.Field, number: Decimal) -> Any:
    low, high = _RANGES.get(field.name, (None, None))
    if low is not None and not low <= number <= high:
        raise Dropped(f"{number} is outside {low} to {high}; left out.")
    if field.kind == spec.NUMBER:
        if field.name in ("latitude", "longitude"):
            return float(number)
        if field.name == "amount" and number < 0:
            raise Dropped(f"A fee of {number} is negative; left out.")
        return number
    if number != number.to_integral_value():
        raise Dropped(f"{number} is not a whole number; left out.")
    whole = int(number)
    if whole < (1 if field.name in ("interval", "count") else 0):
        raise Dropped(f"{whole} is not a positive number; left out.")
    if field.name in ("minimum_age", "maximum_age") and whole > 150:
        raise Dropped(f"An age of {whole} years; left out.")
    if field.name == "year_incorporated" and not 1000 <= whole <= 9999:
        raise Dropped(f"{whole} is not a year; left out.")
    return whole


# Export -----------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A kept value as HSDS JSON types it: numbers as numbers, times as HH:MM:SS."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    raise TypeError(type(value))


def to_cell(value: Any) -> str:
    """A kept value as a CSV cell: the JSON form as text, nothing for no value. No formula
    guard: an interchange file carries the data exactly (the guard is for reports)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(to_json(value))
