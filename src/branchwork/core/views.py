from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
from branchwork.organizations.selectors import organization_overview
from branchwork.roads import selectors as roads_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = current_organization(request)
    context: dict[str, Any] = {
        "overview": organization_overview(user=request.user, organization=org)
        if org is not None
        else None
    }
    if org is not None:
        context["can_manage"] = can(request.user, Action.ORG_MANAGE, org)
        context["can_grant"] = can(request.user, Action.GRANT_MANAGE, org)
        if can(request.user, Action.MEMBER_VIEW, org):
            context["roll"] = member_selectors.roll_counts(user=request.user, organization=org)
        if can(request.user, Action.MEETING_VIEW, org):
            context["due_meetings"] = meeting_selectors.due_this_month(
                user=request.user, organization=org
            )
        if can(request.user, Action.MEMBER_MANAGE, org):
            context["absence_flags"] = meeting_selectors.absence_flags(
                user=request.user, organization=org
            )
        if can(request.user, Action.DUES_VIEW, org):
            context["dues_arrears"] = dues_selectors.arrears(user=request.user, organization=org)
            context["dues_no_basis"] = dues_selectors.members_without_basis(
                user=request.user, organization=org
            )
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
    return render(request, "core/home.html", context)


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
