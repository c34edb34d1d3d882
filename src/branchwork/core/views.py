from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branchwork.core import selectors
from branchwork.core.current import current_organization
from branchwork.core.filters import AuditEventFilter
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import paginate, query_without_page
from branchwork.dues import selectors as dues_selectors
from branchwork.maintenance import selectors as maintenance_selectors
from branchwork.meetings import selectors as meeting_selectors
from branchwork.members import selectors as member_selectors
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import (
    COMPARISON_SORTS,
    branch_comparison,
    organization_overview,
)
from branchwork.publicity import selectors as publicity_selectors
from branchwork.regulations import selectors as regulation_selectors
from branchwork.roads import selectors as roads_selectors
from branchwork.standards import selectors as standards_selectors
from branchwork.study import selectors as study_selectors

# How many items of a list the home page shows before linking to the full list.
HOME_TOP = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = current_organization(request)
    context: dict[str, Any] = {
        "overview": organization_overview(user=request.user, organization=org)
        if org is not None
        else None
    }
    member = member_selectors.member_of_user(request.user)
    if member is not None:
        # The member's own next steps come first (issue 11: the member's phone home).
        context["next_steps"] = {
            "owed": dues_selectors.my_dues_owed(user=request.user),
            "meeting": meeting_selectors.my_next_meeting(user=request.user),
            "corrections": member_selectors.my_pending_corrections(user=request.user),
        }
    if org is not None:
        context["can_manage"] = can(request.user, Action.ORG_MANAGE, org)
        context["can_grant"] = can(request.user, Action.GRANT_MANAGE, org)
        if can(request.user, Action.MEMBER_VIEW, org):
            context["roll"] = member_selectors.roll_counts(user=request.user, organization=org)
        today = timezone.localdate()
        # This year's compliance verdicts, computed once for the meetings due and the
        # dashboard's figures below.
        rollup = None
        if can(request.user, Action.MEETING_VIEW, org):
            rollup = meeting_selectors.compliance_rollup(
                user=request.user, organization=org, year=today.year, today=today
            )
            context["due_meetings"] = meeting_selectors.due_this_month(
                user=request.user, organization=org, today=today, rollup=rollup
            )
        if can(request.user, Action.MEMBER_MANAGE, org):
            context["absence_flags"] = meeting_selectors.absence_flags(
                user=request.user, organization=org
            )
        if can(request.user, Action.DUES_VIEW, org):
            # The home page shows how many and the first few (most months in a row first);
            # the full lists are a link away (an inspector's subtree has hundreds).
            arrears = dues_selectors.arrears(user=request.user, organization=org)
            context["dues_arrears"] = arrears[:HOME_TOP]
            context["dues_arrears_count"] = len(arrears)
            no_basis = dues_selectors.members_without_basis(user=request.user, organization=org)
            context["dues_no_basis"] = no_basis[:HOME_TOP]
            context["dues_no_basis_count"] = len(no_basis)
        if can(request.user, Action.ROADS_VIEW, org):
            context["roads_summary"] = roads_selectors.home_summary(
                user=request.user, organization=org
            )
            context["maintenance_summary"] = maintenance_selectors.home_summary(
                user=request.user, organization=org
            )
        if can(request.user, Action.MEMBER_MANAGE, org):
            context["probation_watch"] = member_selectors.probation_watch(
                user=request.user, organization=org
            )
            context["pending_corrections"] = member_selectors.pending_corrections(
                user=request.user, organization=org
            ).count()
        context["study"] = study_selectors.home_block(user=request.user, organization=org)
        if member is not None:
            context["rules_to_read"] = regulation_selectors.my_unread(user=request.user)
        if can(request.user, Action.ACTIVITIES_VIEW, org):
            from branchwork.activities.selectors import home_summary as activities_home

            context["activities_home"] = activities_home(user=request.user, organization=org)
        if can(request.user, Action.PUBLICITY_REVIEW, org):
            context["publicity_home"] = publicity_selectors.home_summary(
                user=request.user, organization=org, today=timezone.localdate()
            )
        if can(request.user, Action.DEVELOPMENT_MANAGE, org):
            from branchwork.development import selectors as development_selectors

            context["development_deadlines"] = development_selectors.deadlines(
                user=request.user, organization=org
            )
        context["standards_summary"] = standards_selectors.home_summary(
            user=request.user, organization=org
        )
        if can(request.user, Action.ASSISTANCE_VIEW, org):
            from branchwork.assistance.selectors import home_summary as assistance_home

            context["assistance_summary"] = assistance_home(
                user=request.user, organization=org, year=timezone.localdate().year
            )
        if can(request.user, Action.DASHBOARD_VIEW, org):
            context.update(_dashboards(request, org, today, rollup))
    return render(request, "core/home.html", context)


def _dashboards(
    request: HttpRequest,
    org: Organization,
    today: dt.date,
    rollup: list[meeting_selectors.OrgCompliance] | None,
) -> dict[str, Any]:
    """The party-building figures of a branch (the department leader's read-only view beside
    central work) and, above the branches, the higher committee's comparison table sorted by
    ``?sort=``: aggregates only (dashboard.view). ``rollup`` is this year's compliance of
    ``org`` when the page has it already."""
    context: dict[str, Any] = {}
    if org.org_type in ("branch", "general_branch"):
        compliance, _ = meeting_selectors.compliance_figures(
            user=request.user, organization=org, year=today.year, today=today, rollup=rollup
        )
        collection, _ = dues_selectors.collection_figures(
            user=request.user, organization=org, year=today.year, today=today
        )
        context["party_figures"] = {
            "roll": member_selectors.roll_figures(user=request.user, organization=org),
            "compliance": compliance,
            "collection": collection,
            "year": today.year,
        }
    if org.org_type not in ("branch", "party_group"):
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") not in COMPARISON_SORTS:
            sort = ""
        context["comparison"] = branch_comparison(
            user=request.user, organization=org, today=today, sort=sort, rollup=rollup
        )
        context["comparison_headers"] = _sort_headers(sort)
        context["comparison_year"] = today.year
    return context


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.AUDIT_VIEW)
    filterset = AuditEventFilter(request.GET, queryset=selectors.activity_visible(request.user))
    page = paginate(request, filterset.qs.select_related("actor"))
    rows = selectors.describe_page(list(page.object_list))
    return render(
        request,
        "core/activity.html",
        {"filter": filterset, "page": page, "rows": rows, "query": query_without_page(request)},
    )


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


_COMPARISON_COLUMNS = [
    ("name", _("Branch")),
    ("met", _("Rules met")),
    ("missed", _("Rules missed")),
    ("last_meeting", _("Last meeting")),
    ("rate", _("Dues collected")),
    ("alerts", _("Alerts")),
]


def _sort_headers(sort: str) -> list[dict[str, Any]]:
    """The comparison table's headers as plain links: a click sorts by the column, a second
    click on the sorted column reverses it (works without JavaScript)."""
    headers = []
    for key, label in _COMPARISON_COLUMNS:
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        headers.append(
            {
                "key": key,
                "label": label,
                "next": f"-{key}" if sort == key else key,
                "state": state,
            }
        )
    return headers
