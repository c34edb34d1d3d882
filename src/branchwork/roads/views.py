from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from branchwork.core.current import can_here, require_here
from branchwork.core.excel import bold_header, workbook_bytes, xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, get_scoped, require, scope
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_year,
    query_without_page,
)
from branchwork.roads import selectors, services
from branchwork.roads.forms import (
    AdvanceForm,
    ConnectForm,
    ProgressForm,
    ProjectForm,
    TargetForm,
    VillageGroupForm,
)
from branchwork.roads.models import (
    Division,
    ProgramTarget,
    ProgressPhoto,
    RoadProject,
    VillageGroup,
)

# As reported in the article (shared/seed): Tongren ranked 3rd in Guizhou by construction
# scale and progress of the 组组通 program. Other prefectures' ranks are not in the source.
PROVINCE_RANKING = [(3, "铜仁市", 12103, 5982)]


def _xlsx(book: Workbook, filename: str) -> HttpResponse:
    return xlsx_response(workbook_bytes(book), filename)


def _chosen_year(request: HttpRequest) -> int | None:
    """The program year of the month view: a year, or None for all years (the default)."""
    raw = request.GET.get("year", "all")
    return None if raw in ("", "all") else parse_year(raw, 0)


def _dashboard_xlsx(counties, months, year: int | None) -> HttpResponse:
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
            _("Investment (10,000 yuan)"),
            _("Central funds (10,000 yuan)"),
            _("Provincial funds (10,000 yuan)"),
            _("Local funds (10,000 yuan)"),
            _("Other funds (10,000 yuan)"),
            _("Investment per km (10,000 yuan)"),
        ]
    )
    bold_header(sheet)
    for row in counties:
        sheet.append(
            [
                row.rank,
                row.county.name,
                row.km_done,
                row.km_planned,
                row.km_target,
                row.eligible,
                row.connected,
                row.connected_rate,
                row.households,
                row.poor_people,
                row.investment,
                row.investment_central,
                row.investment_provincial,
                row.investment_local,
                row.investment_other,
                row.investment_per_km,
            ]
        )
    by_month = book.create_sheet(_("By month"))
    by_month.append(
        [
            _("Month"),
            _("Km completed"),
            _("Groups newly connected"),
            _("Km completed to date"),
            _("Groups connected to date"),
            _("Program year"),
        ]
    )
    bold_header(by_month)
    for m in months:
        by_month.append(
            [
                f"{m.month:%Y-%m}",
                m.km_done,
                m.groups,
                m.km_cumulative,
                m.groups_cumulative,
                year if year is not None else _("All years"),
            ]
        )
    return _xlsx(book, "group-roads.xlsx" if year is None else f"group-roads-{year}.xlsx")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    year = _chosen_year(request)
    total, counties = selectors.dashboard(request.user)
    months = selectors.dashboard_months(request.user, year)
    if request.GET.get("format") == "xlsx":
        return _dashboard_xlsx(counties, months, year)
    return render(
        request,
        "roads/dashboard.html",
        {
            "total": total,
            "counties": counties,
            "months": months,
            "year": year,
            "years": selectors.program_years(request.user),
            "province_ranking": PROVINCE_RANKING,
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


def _projects(request: HttpRequest):
    return scope(RoadProject.objects.select_related("county"), request.user, Action.ROADS_VIEW)


def _projects_xlsx(projects) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Road projects")
    fields = [
        "name",
        "county",
        "township",
        "route_code",
        "start_stake",
        "end_stake",
        "year",
        "length_km",
        "subgrade_width_m",
        "pavement_type",
        "pavement_width_m",
        "pavement_thickness_cm",
        "passing_bays",
        "investment",
        *services.INVESTMENT_SOURCES,
        "contractor",
        "supervisor",
        "status",
        "started_on",
        "completed_on",
        "accepted_on",
        "accepted_by",
    ]
    labels = [str(RoadProject._meta.get_field(f).verbose_name) for f in fields]
    sheet.append([label[:1].upper() + label[1:] for label in [*labels, _("groups connected")]])
    bold_header(sheet)
    rows = (
        projects.select_related("county", "township")
        .annotate(group_count=Count("groups"))
        .order_by("county__code", "year", "name")
    )
    for p in rows:
        values = []
        for f in fields:
            if f in ("county", "township"):
                division = getattr(p, f)
                values.append(division.name if division else "")
            elif f in ("pavement_type", "status"):
                values.append(getattr(p, f"get_{f}_display")())
            else:
                values.append(getattr(p, f))
        sheet.append([*values, p.group_count])
    return _xlsx(book, "road-projects.xlsx")


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
    county = request.GET.get("county", "")
    if county:
        projects = projects.filter(county__code=county)
    year = parse_year(request.GET.get("year"), 0) if request.GET.get("year") else None
    if year:
        projects = projects.filter(year=year)
    if request.GET.get("format") == "xlsx":
        return _projects_xlsx(projects)
    return render(
        request,
        "roads/projects.html",
        {
            "page": paginate(request, projects.order_by("-id")),
            "query": query_without_page(request),
            "export_query": urlencode(
                {"q": q, "status": status, "county": county, "year": year or "", "format": "xlsx"}
            ),
            "q": q,
            "status": status,
            "county": county,
            "year": year,
            "counties": Division.objects.filter(level="county").order_by("code"),
            "statuses": RoadProject.Status.choices,
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        project, org = None, require_here(request, Action.ROADS_MANAGE)
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
            if warnings:  # listed on the project page, with the profile they come from
                messages.warning(
                    request,
                    ngettext(
                        "Saved with %(n)d warning against the group-road profile; see below.",
                        "Saved with %(n)d warnings against the group-road profile; see below.",
                        len(warnings),
                    )
                    % {"n": len(warnings)},
                )
            return redirect("roads:project", pk=saved.pk)
    return render(request, "roads/project_form.html", {"form": form, "project": project})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(
        RoadProject.objects.select_related("county", "township"),
        request.user,
        Action.ROADS_VIEW,
        pk=pk,
    )
    can_manage = can(request.user, Action.ROADS_MANAGE, project.organization)
    unconnected = (
        scope(VillageGroup.objects.all(), request.user, Action.ROADS_MANAGE)
        .filter(
            county=project.county,
            households__gte=settings.ROADS_ELIGIBLE_HOUSEHOLDS,
            organization__path__startswith=project.organization.path,
        )
        .exclude(projects=project)
        .select_related("village")
        .order_by("village__code", "name")
    )
    reports = project.reports.prefetch_related(
        Prefetch("photos", queryset=ProgressPhoto.objects.order_by("uploaded_at", "id"))
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
            "reports": reports,
            "warnings": services.project_warnings(project),
            "profile": services.workflow.PROFILE,
            "progress_form": ProgressForm() if can_manage else None,
            "connect_form": ConnectForm(choices=unconnected) if can_manage else None,
        },
    )


@login_required
@require_POST
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("roads:project", pk=project.pk)
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
        request.POST,
        choices=scope(
            VillageGroup.objects.select_related("organization", "village"),
            request.user,
            Action.ROADS_MANAGE,
        ),
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
            messages.success(
                request,
                ngettext(
                    "%(n)d group connected to the project.",
                    "%(n)d groups connected to the project.",
                    n,
                )
                % {"n": n},
            )
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
    can_manage = can_here(request, Action.ROADS_MANAGE)
    form = VillageGroupForm(request.POST or None)
    if request.method == "POST":
        org = require_here(request, Action.ROADS_MANAGE)
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
            "query": query_without_page(request),
            "q": q,
            "form": form if can_manage else None,
        },
    )


@login_required
@require_POST
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_report(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Progress recorded."))
    else:
        errors_to_messages(request, form)
    return redirect("roads:project", pk=project.pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A progress photo, to those who may see its project (404 elsewhere)."""
    item = get_scoped(
        ProgressPhoto.objects.select_related("report__project__organization"),
        request.user,
        Action.ROADS_VIEW,
        pk=pk,
    )
    response = FileResponse(
        item.file.open("rb"), filename=item.name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def target_list(request: HttpRequest) -> HttpResponse:
    """Yearly targets per county; engineers add one (one per county and year)."""
    require(request.user, Action.ROADS_VIEW)
    can_manage = can_here(request, Action.ROADS_MANAGE)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        org = require_here(request, Action.ROADS_MANAGE)
        if form.is_valid():
            try:
                services.target_save(actor=request.user, organization=org, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Target saved."))
                return redirect("roads:targets")
    targets = scope(
        ProgramTarget.objects.select_related("county"), request.user, Action.ROADS_VIEW
    ).order_by("-year", "county__code")
    return render(
        request,
        "roads/targets.html",
        {"targets": targets, "form": form if can_manage else None, "can_manage": can_manage},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_scoped(
        ProgramTarget.objects.select_related("county", "organization"),
        request.user,
        Action.ROADS_VIEW,
        pk=pk,
    )
    require(request.user, Action.ROADS_MANAGE, target.organization)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(
                actor=request.user,
                organization=target.organization,
                data=form.cleaned_data,
                target=target,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("roads:targets")
    history = target.history.select_related("history_user", "county").order_by(
        "-history_date", "-pk"
    )
    return render(
        request, "roads/target_form.html", {"form": form, "target": target, "history": history}
    )


@login_required
@require_POST
def project_disconnect(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    project = get_scoped(RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=pk)
    require(request.user, Action.ROADS_MANAGE, project.organization)
    group = get_object_or_404(project.groups.select_related("village"), pk=group_pk)
    try:
        services.project_disconnect(actor=request.user, project=project, group=group)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(group)s disconnected.") % {"group": group})
    return redirect("roads:project", pk=project.pk)
