"""The one place the project package reaches the clients app's `Client` model.

`casework` sits below `clients` and never imports it; the audit trail and emergency grants
keep client ids as plain integers. The few reads that need a client's team, agency or label
(the audit report, emergency access) look the model up in the app registry at call time, so
there is no import cycle and the dependency stays visible in this one module.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model, QuerySet


def client_model() -> type[Model]:
    return apps.get_model("clients", "Client")


def clients_by_id(ids) -> dict[int, Model]:
    """Clients by id for labelling rows, in one query (no access check: callers already
    limited the rows to what the viewer may see)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {
        c.pk: c
        for c in client_model()
        .objects.filter(pk__in=ids)
        .only(
            "pk",
            "given_name",
            "preferred_name",
            "family_name",
            "record_number",
            "team_id",
            "agency_id",
        )
    }


def clients_in_agencies(agency_ids) -> QuerySet:
    return client_model().objects.filter(agency_id__in=agency_ids)
