"""Acuity weights: how much of a caseload place a client takes, by risk level. Defined once
here; the matching ranking, the capacity panel and the team dashboard's weighted load use
them, in Python and in SQL.

A caseload limit (Program.caseload_ratio or a person's own CaseloadLimit) counts clients of
moderate acuity: a high-acuity client takes one and a half places, a low-acuity one half a
place (a high-risk client takes about three times the time of a low-risk one). Keys are
clients.models.RiskLevel values (`casework` does not import clients; a test checks them).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, DecimalField, Value, When

ACUITY_WEIGHTS: dict[str, Decimal] = {
    "low": Decimal("0.5"),
    "moderate": Decimal("1"),
    "high": Decimal("1.5"),
}
_DEFAULT = ACUITY_WEIGHTS["moderate"]


def acuity_weight(risk_level: str | None) -> Decimal:
    return ACUITY_WEIGHTS.get(risk_level or "", _DEFAULT)


def acuity_weight_sql(field: str) -> Case:
    """The weight of the risk level in `field`, as a SQL expression for Sum()."""
    return Case(
        *(When(**{field: level}, then=Value(weight)) for level, weight in ACUITY_WEIGHTS.items()),
        default=Value(_DEFAULT),
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )
