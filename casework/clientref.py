"""The clients app's `Client` model, as this app's foreign keys resolve it.

`casework` sits below `clients` and never imports it (import-linter's layers): its models
name "clients.Client" lazily (EmergencyAccess, MatchOverride, Reminder), and the ORM joins
through those keys. The few reads that start from clients rather than from a grant (finding a
record number for emergency access, the audit report's client labels) take the model from the
same foreign key, once the app registry is ready: no name lookup of its own, and a renamed or
removed model fails at start-up, where the key is resolved, not at the first call.
"""

from __future__ import annotations

from django.db.models import Model


def client_model() -> type[Model]:
    from casework.models import EmergencyAccess

    return EmergencyAccess._meta.get_field("client").related_model
