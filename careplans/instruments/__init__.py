"""The one registry of scored instruments. Everything that shows, scores or charts an
instrument asks here; see `base.py` for what a definition holds."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from careplans.instruments.base import (
    Band,
    IncompleteError,
    Instrument,
    Item,
    Option,
    Result,
    Setting,
)
from careplans.instruments.definitions import DEFINITIONS

__all__ = [
    "Band",
    "IncompleteError",
    "Instrument",
    "Item",
    "Option",
    "Result",
    "Setting",
    "all_instruments",
    "available",
    "get",
    "get_or_404",
    "register",
]

_registry: dict[str, Instrument] = {}


def register(instrument: Instrument) -> None:
    _registry[instrument.code] = instrument


for _definition in DEFINITIONS:
    register(_definition)


def all_instruments() -> list[Instrument]:
    return list(_registry.values())


def available() -> list[Instrument]:
    """Instruments staff may give: the free ones, plus licensed ones the agency lists in
    CAREPLANS_LICENSED_INSTRUMENTS."""
    licensed = set(getattr(settings, "CAREPLANS_LICENSED_INSTRUMENTS", ()))
    return [i for i in _registry.values() if not i.licensed or i.code in licensed]


def get(code: str) -> Instrument:
    return _registry[code]


def get_or_404(code: str) -> Instrument:
    for instrument in available():
        if instrument.code == code:
            return instrument
    raise Http404("No such instrument.")
