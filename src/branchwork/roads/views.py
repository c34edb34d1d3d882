"""Pages of the 组组通 program: the dashboard, projects (list, page, form, workflow steps,
progress, connected groups), village groups and yearly targets. Reads go through
roads.selectors, writes through roads.services, workbooks come from roads.exports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.audit import expect_version
from branchwork.core.current import can_here, require_here
from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_year,
    query_without_page,
    validation_to_messages,
)
from branchwork.roads import exports, selectors, services, workflow
from branchwork.roads.filters import RoadProjectFilter
from branchwork.roads.forms import (
    AdvanceForm,
    ConnectForm,
    ProgressForm,
    ProjectForm,
    TargetForm,
    VillageGroupForm,
    township_choices,
)
from branchwork.roads.models import RoadProject


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    """The program year of the month view: the year asked for, None for "all" years, and by
    default the latest program year that is not in the future (else the latest one), so the
    view shows twelve months rather than every month since the first project."""
    raw = request.GET.get("year")
    if raw is None:
        this_year = timezone.localdate().year
        past = [y for y in years if y <= this_year]
        return (past or years or [None])[-1]
    return None if raw in ("", "all") else parse_year(raw, 0)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    years = selectors.program_years(user=request.user)
    year = _chosen_year(request, years)
    total, counties = selectors.dashboard(user=request.user)
    months = selectors.dashboard_months(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        content = exports.dashboard_workbook(counties, months, year)
        return xlsx_response(content, exports.dashboard_filename(year))
    return render(
        request,
        "roads/dashboard.html",
        {
            "total": total,
            "counties": counties,
            "months": months,
            "year": year,
            "years": years,
            "province_ranking": selectors.province_ranking(user=request.user),
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    filterset = RoadProjectFilter(request.GET, queryset=selectors.project_list(user=request.user))
    if "year" in filterset.errors:
        raise Http404  # a year outside YEAR_MIN..YEAR_MAX is a bad address, as elsewhere
    projects = filterset.qs
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.projects_workbook(projects), "road-projects.xlsx")
    query = filterset.query()
    return render(
        request,
        "roads/projects.html",
        {
            "filter": filterset,
            "page": paginate(request, projects.order_by("-id")),
            "query": query_without_page(request),
            "export_query": urlencode({**query, "format": "xlsx"}),
            **query,
            "counties": selectors.counties(),
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
        project = selectors.project_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
        org = project.organization
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
def township_options(request: HttpRequest) -> HttpResponse:
    """The township options of the chosen county for the project form (HTMX), allowed as the
    form is: ``roads.manage`` on the current organization. An unknown county gives none."""
    require_here(request, Action.ROADS_MANAGE)
    raw = request.GET.get("county", "")
    county = int(raw) if raw.isdigit() and int(raw) < 2**31 else None
    choices = township_choices(county) if county is not None else township_choices(-1)
    return render(request, "roads/_township_options.html", {"choices": choices})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    can_manage = can(request.user, Action.ROADS_MANAGE, project.organization)
    connectable = selectors.connectable_groups(user=request.user, project=project)
    return render(
        request,
        "roads/project.html",
        {
            "project": project,
            "groups": selectors.project_groups(user=request.user, project=project),
            "can_manage": can_manage,
            "can_disconnect": can_manage and not workflow.groups_final(project.status),
            "step": workflow.next_step(project),
            "reports": selectors.report_list(user=request.user, project=project),
            "warnings": workflow.stored_project_warnings(project),
            "profile": workflow.PROFILE,
            "progress_form": ProgressForm() if can_manage else None,
            "connect_form": ConnectForm(choices=connectable) if can_manage else None,
        },
    )


@login_required
@require_POST
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("roads:project", pk=project.pk)
    try:
        expect_version(project, form.cleaned_data.get("version"))
        services.project_advance(
            actor=request.user,
            project=project,
            on=form.cleaned_data.get("on"),
            inspector=form.cleaned_data.get("inspector") or "",
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(
            request, _("Status changed to %(status)s.") % {"status": project.get_status_display()}
        )
    return redirect("roads:project", pk=project.pk)


@login_required
@require_POST
def project_connect(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    form = ConnectForm(request.POST, choices=selectors.connectable_groups(user=request.user))
    if form.is_valid():
        try:
            n = services.project_connect(
                actor=request.user, project=project, groups=list(form.cleaned_data["groups"])
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
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
@require_POST
def project_disconnect(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    group = get_object_or_404(
        selectors.project_groups(user=request.user, project=project), pk=group_pk
    )
    try:
        services.project_disconnect(actor=request.user, project=project, group=group)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("%(group)s disconnected.") % {"group": group})
    return redirect("roads:project", pk=project.pk)


@login_required
@require_POST
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_report(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Progress recorded."))
    else:
        errors_to_messages(request, form)
    return redirect("roads:project", pk=project.pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A progress photo, to those who may see its project (404 elsewhere)."""
    item = selectors.photo_get(user=request.user, pk=pk)
    response = FileResponse(
        item.file.open("rb"), filename=item.name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    groups = selectors.group_list(user=request.user)
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
            "page": paginate(request, groups),
            "query": query_without_page(request),
            "q": q,
            "form": form if can_manage else None,
        },
    )


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
    targets = selectors.target_list(user=request.user).order_by("-year", "county__code")
    return render(
        request,
        "roads/targets.html",
        {"targets": targets, "form": form if can_manage else None, "can_manage": can_manage},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
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
