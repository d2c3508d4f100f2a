"""Field declarations that every app's models repeat, written once.

Each helper returns an ordinary Django field with the same arguments the models used to spell
out, so migrations see no difference; keyword arguments are passed on and may override them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def optional_ref(to: Any, *, related_name: str = "+", **options: Any) -> models.ForeignKey:
    """An optional link that never deletes what it names: a record keeps its history, so the
    target is PROTECTed; empty means "none" or "not yet". Most are not followed back (`+`)."""
    options = {"null": True, "blank": True, **options}
    return models.ForeignKey(to, on_delete=models.PROTECT, related_name=related_name, **options)


def staff_ref(**options: Any) -> models.ForeignKey:
    """The member of staff who did something to the row (reviewed, co-signed, uploaded...),
    empty until someone has."""
    return optional_ref(settings.AUTH_USER_MODEL, **options)
