"""The department dashboard's panels, as data: one ``Panel`` per figure group.

Each panel names the action the viewer needs on the organization (besides ``dashboard.view``,
which the page itself requires), the template that draws it, and a loader that reads its
figures through the owning app's selectors (aggregates only) and returns the template's
context, or None when the organization has nothing to show. The page draws the panels in this
order; a panel the viewer may not see, or with nothing to show, is left out.

Adding a module (the development pipeline, study progress, the standardization result, the
honors timeline) is ONE entry in ``PANELS``: a loader calling that module's dashboard
selector and a template ``<app>/_dashboard.html`` whose numbers link to the module's lists
(use ``link`` to link only where the viewer may open the list). Keep each loader to a few
queries: the page itself and each panel are separate requests (the page loads its panels with
HTMX, so one slow panel holds no other back), and tests/dashboard checks that the page and
every panel stay within QUERY_BUDGET queries each on the demo city.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from branchwork.core.roles import Action
from branchwork.core.scoping import can
from branchwork.organizations.models import Organization

QUERY_BUDGET = 12

Loader = Callable[[Any, Organization, int, dt.date], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    action: str  # needed on the organization besides dashboard.view
    template: str
    load: Loader


def link(user: Any, action: str, url_name: str, org: Organization, **params: Any) -> str | None:
    """The list's address with ``?org=`` and ``params`` when ``user`` may open it (``action``
    on ``org``), else None (the number is shown without a link)."""
    if not can(user, action, org):
        return None
    query = "&".join(f"{k}={v}" for k, v in {"org": org.code, **params}.items() if v is not None)
    return f"{reverse(url_name)}?{query}"


def _is_branch(org: Organization) -> bool:
    return org.org_type in ("branch", "general_branch")


def _members(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.members.selectors import roll_figures

    roll = roll_figures(user=user, organization=org)
    return {
        "roll": roll,
        "url": link(user, Action.MEMBER_VIEW, "members:list", org),
        "stats_url": link(user, Action.MEMBER_VIEW, "members:statistics", org),
    }


def _meetings(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.meetings.selectors import compliance_figures

    total, _per_branch = compliance_figures(user=user, organization=org, year=year, today=today)
    return {
        "compliance": total,
        "url": link(user, Action.MEETING_VIEW, "meetings:compliance", org, year=year),
    }


def _dues(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.dues.selectors import collection_figures

    total, _per_org = collection_figures(user=user, organization=org, year=year, today=today)
    return {
        "collection": total,
        "url": link(user, Action.DUES_VIEW, "dues:report", org, year=year),
        "arrears_url": link(user, Action.DUES_VIEW, "dues:arrears", org),
    }


def _roads(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.maintenance.selectors import home_summary as maintenance_summary
    from branchwork.roads.selectors import home_summary as roads_summary

    # The program as it stood at the end of the chosen year, and that year's condition.
    roads = roads_summary(user=user, organization=org, year=year)
    maintenance = maintenance_summary(user=user, organization=org, year=year)
    if roads is None and maintenance is None:
        return None
    return {
        "roads": roads,
        "maintenance": maintenance,
        "roads_url": reverse("roads:dashboard"),
        "projects_url": reverse("roads:projects"),
        "condition_url": reverse("maintenance:overview"),
        "orders_url": reverse("maintenance:work_orders"),
    }


def _assistance(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.assistance import rules
    from branchwork.assistance.selectors import ledger_totals

    totals = ledger_totals(user=user, organization=org, action=Action.DASHBOARD_VIEW)
    if not totals.rows:
        return None
    kinds = [k for k, _label in rules.Kind.choices if k in totals.by_kind]
    return {
        "totals": totals,
        "kinds": [(k, rules.Kind(k).label) for k in kinds],
        "years": [
            (y, [(k, by_kind.get(k)) for k in kinds], rules.wan(totals.by_year[y]))
            for y, by_kind in totals.by_year_kind.items()
        ],
        "url": link(user, Action.ASSISTANCE_VIEW, "assistance:ledger", org),
    }


def _development(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.development import rules as development_rules
    from branchwork.development.selectors import pipeline_counts

    counts = pipeline_counts(user=user, organization=org, action=Action.DASHBOARD_VIEW)
    stages = [(stage, label, counts[stage]) for stage, label in development_rules.Stage.choices]
    if not any(n for _s, _l, n in stages) and not counts["completed"]:
        return None
    return {
        "stages": stages,
        "completed": counts["completed"],
        "url": link(user, Action.DEVELOPMENT_VIEW, "development:list", org),
    }


def _study(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.study.selectors import progress_summary

    seen_on = min(today, dt.date(year, 12, 31))
    summary = progress_summary(
        user=user, organization=org, year=year, today=seen_on, action=Action.DASHBOARD_VIEW
    )
    if not summary.counted:
        return None
    return {"summary": summary, "url": link(user, Action.STUDY_VIEW, "study:progress", org)}


def _standards(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.standards.selectors import latest_result

    result = latest_result(user=user, organization=org)
    if result is None:
        return None
    return {"result": result}


def _honors(user: Any, org: Organization, year: int, today: dt.date) -> dict[str, Any] | None:
    from branchwork.honors.selectors import organization_timeline

    timeline = organization_timeline(user=user, organization=org)
    if not timeline:
        return None
    return {
        "honors": timeline[:8],
        "more": max(len(timeline) - 8, 0),
        "url": link(user, Action.ACTIVITIES_VIEW, "honors:list", org),
    }


PANELS: list[Panel] = [
    Panel("members", _("Members"), Action.DASHBOARD_VIEW, "dashboard/_members.html", _members),
    Panel(
        "meetings", _("Meeting rules"), Action.DASHBOARD_VIEW, "dashboard/_meetings.html", _meetings
    ),
    Panel("dues", _("Dues collection"), Action.DASHBOARD_VIEW, "dashboard/_dues.html", _dues),
    Panel("roads", _("Roads"), Action.ROADS_VIEW, "dashboard/_roads.html", _roads),
    Panel(
        "assistance",
        _("Assistance"),
        Action.DASHBOARD_VIEW,
        "dashboard/_assistance.html",
        _assistance,
    ),
    Panel(
        "development",
        _("Member development"),
        Action.DASHBOARD_VIEW,
        "dashboard/_development.html",
        _development,
    ),
    Panel("study", _("Study hours"), Action.DASHBOARD_VIEW, "dashboard/_study.html", _study),
    Panel(
        "standards",
        _("Standardization"),
        Action.STANDARDS_VIEW,
        "dashboard/_standards.html",
        _standards,
    ),
    Panel("honors", _("Honors"), Action.ACTIVITIES_VIEW, "dashboard/_honors.html", _honors),
]


BRANCH_ONLY = frozenset({"members", "meetings", "dues", "standards", "honors"})


def panels_for(user: Any, org: Organization) -> list[Panel]:
    """The panels ``user`` may see on ``org``, in ``PANELS`` order (no figures read); the
    party-building panels only on a branch (their selectors count per branch)."""
    return [
        panel
        for panel in PANELS
        if (panel.key not in BRANCH_ONLY or _is_branch(org)) and can(user, panel.action, org)
    ]


def panel_get(key: str) -> Panel | None:
    """The panel named ``key``, or None."""
    return next((p for p in PANELS if p.key == key), None)
