"""The navigation bar: every app's entry, in the order it shows, each with the rule that
shows it (from the viewer's access, no query)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casework.access import Access
from casework.links import fixed_url
from reports.scope import reports_visible


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Access], bool]


def _writes(a: Access) -> bool:
    return bool(a.writable_team_ids)


ITEMS: tuple[NavItem, ...] = (
    NavItem("My caseload", "clients:caseload", _writes),
    NavItem("My week", "clients:my_week", _writes),
    # Issue 26: today's clients and the visit form, without signal.
    NavItem("Offline", "clients:offline", _writes),
    NavItem(
        "Team", "supervision:home", lambda a: bool(a.supervised_team_ids or a.admin_agency_ids)
    ),
    # One referrals entry each, so a supervisor's crowded bar gains none: supervisors get
    # their teams' list, which links to their own (and back).
    NavItem("My referrals", "referrals:mine", lambda a: _writes(a) and not a.supervised_team_ids),
    NavItem("Team referrals", "referrals:team", lambda a: bool(a.supervised_team_ids)),
    # Unsigned notes and expiring releases are reached from the dashboard's paperwork panel,
    # which counts them; the bar keeps to the places people go every day.
    NavItem("Find a client", "clients:list", lambda a: a.sees_clients),
    NavItem("Directory", "directory:search", lambda a: bool(a.roles)),
    NavItem("Reports", "reports:index", reports_visible),
    # An agency admin's one place for teams and staff.
    NavItem("Agency", "administration:home", lambda a: bool(a.admin_agency_ids)),
    NavItem("Audit report", "security:audit_report", lambda a: bool(a.compliance_agency_ids)),
)


def items_for(access: Access) -> list[NavItem]:
    return [item for item in ITEMS if item.visible(access)]


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def links_for(access: Access, path: str) -> list[NavLink]:
    """The visible entries with their URLs; only the longest URL that prefixes `path` is
    active, so "/clients/caseload/" lights "My caseload" and not also "Find a client"."""
    items = [(item, fixed_url(item.url_name)) for item in items_for(access)]
    matches = [url for _, url in items if path.startswith(url) and url != "/"]
    current = max(matches, key=len, default=None)
    return [NavLink(item.label, url, url == current) for item, url in items]
