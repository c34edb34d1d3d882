from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from branchwork.core.current import current_organization
from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, require, scope
from branchwork.core.utils import apply_errors, paginate
from branchwork.roads import selectors, services
from branchwork.roads.forms import (
    AdvanceForm,
    ConnectForm,
    ProgressForm,
    ProjectForm,
    VillageGroupForm,
)
from branchwork.roads.models import RoadProject, VillageGroup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# As reported in the article (shared/seed): Tongren ranked 3rd in Guizhou by construction
# scale and progress of the 组组通 program. Other prefectures' ranks are not in the source.
PROVINCE_RANKING = [(3, "铜仁市", 12103, 5982)]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    total, counties = selectors.dashboard(request.user)
    if request.GET.get("format") == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "组组通"
        sheet.append(
            [
                _("Rank"),
                _("County"),
                _("Km built"),
                _("Km in projects"),
                _("Target (km)"),
                _("Eligible groups"),
                _("Groups connected"),
                _("Connection rate (%)"),
                _("Households"),
                _("Registered-poor people"),
                _("Investment per km (10,000 yuan)"),
            ]
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for rank, row in enumerate(counties, start=1):
            sheet.append(
                [
                    rank,
                    row.county.name,
                    row.km_done,
                    row.km_planned,
                    row.km_target,
                    row.eligible,
                    row.connected,
                    row.connected_rate,
                    row.households,
                    row.poor_people,
                    row.investment_per_km,
                ]
            )
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="group-roads.xlsx"'
        return response
    return render(
        request,
        "roads/dashboard.html",
        {"total": total, "counties": counties, "province_ranking": PROVINCE_RANKING},
    )


def _projects(request: HttpRequest):
    return scope(RoadProject.objects.select_related("county"), request.user, Action.ROADS_VIEW)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    projects = _projects(request)
    q = request.GET.get("q", "").strip()
    if q:
        projects = projects.filter(name__icontains=q) | projects.filter(route_code__icontains=q)
    status = request.GET.get("status", "")
    if status in RoadProject.Status.values:
        projects = projects.filter(status=status)
    org = current_organization(request)
    return render(
        request,
        "roads/projects.html",
        {
            "page": paginate(request, projects.order_by("-id")),
            "query": f"q={q}&status={status}",
            "q": q,
            "status": status,
            "statuses": RoadProject.Status.choices,
            "can_manage": org is not None and can(request.user, Action.ROADS_MANAGE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = current_organization(request)
        if org is None:
            require(request.user, Action.ROADS_MANAGE)
        project = None
    else:
        project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
        org = project.organization
    require(request.user, Action.ROADS_MANAGE, org)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            saved, warnings = services.project_save(
                actor=request.user, organization=org, data=form.cleaned_data, project=project
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("roads:project", pk=saved.pk)
    return render(request, "roads/project_form.html", {"form": form, "project": project})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(
        RoadProject.objects.select_related("county"), request.user, Action.ROADS_VIEW, pk=pk
    )
    can_manage = can(request.user, Action.ROADS_MANAGE, project.organization)
    unconnected = (
        VillageGroup.objects.filter(county=project.county, households__gte=30)
        .exclude(projects=project)
        .select_related("village")
        .order_by("village__code", "name")[:200]
    )
    return render(
        request,
        "roads/project.html",
        {
            "project": project,
            "groups": project.groups.select_related("village").order_by("village__code", "name"),
            "can_manage": can_manage,
            "next_status": services.workflow.next_status(project.status),
            "advance_form": AdvanceForm(),
            "reports": project.reports.all(),
            "progress_form": ProgressForm() if can_manage else None,
            "connect_form": ConnectForm(
                choices=VillageGroup.objects.filter(pk__in=[g.pk for g in unconnected])
            )
            if can_manage
            else None,
        },
    )


@login_required
@require_POST
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    form = AdvanceForm(request.POST)
    form.is_valid()
    try:
        services.project_advance(
            actor=request.user,
            project=project,
            on=form.cleaned_data.get("on"),
            inspector=form.cleaned_data.get("inspector") or "",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Status changed to %(status)s.") % {"status": project.get_status_display()}
        )
    return redirect("roads:project", pk=project.pk)


@login_required
@require_POST
def project_connect(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    form = ConnectForm(
        request.POST, choices=scope(VillageGroup.objects.all(), request.user, Action.ROADS_VIEW)
    )
    if form.is_valid():
        try:
            n = services.project_connect(
                actor=request.user, project=project, groups=list(form.cleaned_data["groups"])
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d groups connected to the project.") % {"n": n})
    else:
        messages.error(request, _("Choose the village groups the road connects."))
    return redirect("roads:project", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    groups = scope(
        VillageGroup.objects.select_related("village", "county"), request.user, Action.ROADS_VIEW
    )
    q = request.GET.get("q", "").strip()
    if q:
        groups = groups.filter(village__name__icontains=q) | groups.filter(
            village__code__startswith=q
        )
    org = current_organization(request)
    can_manage = org is not None and can(request.user, Action.ROADS_MANAGE, org)
    form = VillageGroupForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.ROADS_MANAGE, org)
        if form.is_valid():
            village = form.village
            try:
                services.group_create(
                    actor=request.user, organization=org, village=village, data=form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Village group saved."))
                return redirect(f"{request.path}?q={village.code}")
    return render(
        request,
        "roads/groups.html",
        {
            "page": paginate(request, groups.order_by("village__code", "name")),
            "query": f"q={q}",
            "q": q,
            "form": form if can_manage else None,
        },
    )


@login_required
@require_POST
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Progress recorded."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
    return redirect("roads:project", pk=project.pk)
