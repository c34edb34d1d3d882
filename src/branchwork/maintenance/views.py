"""Maintenance pages. Thin: forms in, services for writes, selectors for reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.audit import expect_version
from branchwork.core.current import can_here, require_here
from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.uploads import check_size
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_year,
    query_without_page,
    validation_to_messages,
)
from branchwork.maintenance import exports, profiles, rules, selectors, services
from branchwork.maintenance.filters import (
    PatrolFilter,
    RouteFilter,
    SurveyFilter,
    SurveyUnitFilter,
    WorkOrderFilter,
)
from branchwork.maintenance.forms import (
    AdvanceForm,
    PatrolForm,
    ProfileReviseForm,
    ProfileYearForm,
    RouteForm,
    SurveyImportForm,
    WorkOrderForm,
)
from branchwork.maintenance.models import Route, SurveyUnit, WorkOrder

BY_CHOICES = ("county", "route")


def _year_filter(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return parse_year(raw, 0) if raw else None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    by = request.GET.get("by", "county")
    if by not in BY_CHOICES:
        raise Http404
    years = selectors.survey_years(user=request.user)
    year = _year_filter(request) or (years[0] if years else None)
    rows = selectors.network_summary(user=request.user, by=by, year=year)
    inventory = selectors.inventory_km(user=request.user, by=by)
    for row in rows:
        row.inventory_km = inventory.get(row.key)
    by_label = _("County") if by == "county" else _("Route")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.summary(rows, by_label), f"road-condition-{year or 'all'}-{by}.xlsx"
        )
    return render(
        request,
        "maintenance/overview.html",
        {
            "rows": rows,
            "trend": selectors.network_summary(user=request.user, by="year"),
            "years": years,
            "year": year,
            "by": by,
            "by_label": by_label,
            "counts": selectors.work_order_counts(user=request.user),
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


# --- Routes ---------------------------------------------------------------------------------


@login_required
def route_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    filterset = RouteFilter(request.GET, queryset=selectors.route_list(user=request.user))
    return render(
        request,
        "maintenance/routes.html",
        {
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "q": request.GET.get("q", "").strip(),
            "level": request.GET.get("level", ""),
            "levels": Route.Level.choices,
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def route_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        route, org = None, require_here(request, Action.ROADS_MANAGE)
    else:
        route = selectors.route_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
        org = route.organization
    form = RouteForm(request.POST or None, instance=route)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.route_save(
                actor=request.user, organization=org, data=form.cleaned_data, route=route
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Route saved."))
            return redirect("maintenance:route", pk=saved.pk)
    return render(request, "maintenance/route_form.html", {"form": form, "route": route})


@login_required
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(user=request.user, pk=pk)
    years, units = selectors.route_condition(user=request.user, route=route)
    return render(
        request,
        "maintenance/route.html",
        {
            "route": route,
            "years": years,
            "units": units,
            "summary": selectors.network_summary(user=request.user, by="route", route=route),
            "patrols": selectors.patrol_list(user=request.user).filter(route=route)[:10],
            "work_orders": selectors.work_order_list(user=request.user).filter(route=route)[:20],
            "can_manage": can(request.user, Action.ROADS_MANAGE, route.organization),
        },
    )


@login_required
def route_template(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(user=request.user, pk=pk)
    year = _year_filter(request)
    profile = selectors.profile_for_year(year) if year else selectors.default_profile()
    return xlsx_response(exports.survey_template(profile.table, route), f"survey-{route.code}.xlsx")


# --- Surveys --------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    year = _year_filter(request)  # a year outside YEAR_MIN..YEAR_MAX is a 404
    filterset = SurveyFilter(request.GET, queryset=selectors.survey_list(user=request.user))
    return render(
        request,
        "maintenance/surveys.html",
        {
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "year": year,
            "years": selectors.survey_years(user=request.user),
            "can_manage": can_here(request, Action.ROADS_MANAGE),
        },
    )


@login_required
def survey_template(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    year = _year_filter(request)
    profile = selectors.profile_for_year(year) if year else selectors.default_profile()
    return xlsx_response(exports.survey_template(profile.table), "survey-template.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest) -> HttpResponse:
    org = require_here(request, Action.ROADS_MANAGE)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
            survey = services.survey_import(
                actor=request.user,
                user=request.user,
                organization=org,
                year=form.cleaned_data["year"],
                surveyed_on=form.cleaned_data["surveyed_on"],
                name=upload.name,
                data=upload.read(),
                profile=form.cleaned_data["profile"],
                note=form.cleaned_data["note"],
            )
        except services.SurveyImportError as exc:
            errors = exc.errors
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(n)d evaluation units imported with %(profile)s.")
                % {"n": survey.units.count(), "profile": survey.profile},
            )
            return redirect("maintenance:survey", pk=survey.pk)
    return render(
        request,
        "maintenance/survey_import.html",
        {"form": form, "errors": errors, "org": org},
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    units = selectors.survey_units(user=request.user, survey=survey)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.survey_results(survey, list(units)), f"survey-{survey.year}-{survey.pk}.xlsx"
        )
    grade = request.GET.get("grade", "")
    filtered = SurveyUnitFilter(request.GET, queryset=units).qs
    surveyed = set(units.values_list("route_id", flat=True).distinct())
    summary = [
        row
        for row in selectors.network_summary(user=request.user, by="route", year=survey.year)
        if row.route_id in surveyed
    ]
    return render(
        request,
        "maintenance/survey.html",
        {
            "survey": survey,
            "page": paginate(request, filtered, per_page=100),
            "query": query_without_page(request),
            "grade": grade,
            "grades": SurveyUnit.ConditionGrade.choices,
            "summary": summary,
            "can_manage": can(request.user, Action.ROADS_MANAGE, survey.organization),
        },
    )


@login_required
@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    count = services.survey_delete(actor=request.user, survey=survey)
    messages.success(request, _("Survey deleted with its %(n)d units.") % {"n": count})
    return redirect("maintenance:surveys")


# --- Patrols --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def patrol_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    routes = selectors.route_list(user=request.user, action=Action.ROADS_MANAGE).order_by("code")
    form = PatrolForm(
        request.POST or None,
        request.FILES or None,
        routes=routes,
        initial={"inspector": request.user.get_full_name() or request.user.get_username()},
    )
    if request.method == "POST":
        require_here(request, Action.ROADS_MANAGE)
        if form.is_valid():
            try:
                patrol = services.patrol_record(
                    actor=request.user,
                    route=form.cleaned_data["route"],
                    data=form.cleaned_data,
                    photos=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Patrol recorded."))
                return redirect("maintenance:patrol", pk=patrol.pk)
    filterset = PatrolFilter(request.GET, queryset=selectors.patrol_list(user=request.user))
    return render(
        request,
        "maintenance/patrols.html",
        {
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "form": form if can_here(request, Action.ROADS_MANAGE) else None,
        },
    )


@login_required
def patrol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patrol = selectors.patrol_get(user=request.user, pk=pk)
    can_manage = can(request.user, Action.ROADS_MANAGE, patrol.route.organization)
    return render(
        request,
        "maintenance/patrol.html",
        {
            "patrol": patrol,
            "photos": patrol.photos.all(),
            "work_orders": patrol.work_orders.all(),
            "can_manage": can_manage,
            "order_form": WorkOrderForm(
                initial={
                    "route": patrol.route_id,
                    "from_stake": rules.format_stake(patrol.from_m) if patrol.section else "",
                    "to_stake": rules.format_stake(patrol.to_m) if patrol.section else "",
                    "defect": patrol.findings[:300],
                    "raised_on": max(patrol.patrolled_on, timezone.localdate()),
                },
                routes=selectors.route_list(user=request.user, action=Action.ROADS_MANAGE).filter(
                    pk=patrol.route_id
                ),
            )
            if can_manage
            else None,
        },
    )


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.photo_get(user=request.user, pk=pk)
    return FileResponse(found.file.open("rb"), filename=found.name, content_type=found.content_type)


# --- Work orders ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def work_order_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    routes = selectors.route_list(user=request.user, action=Action.ROADS_MANAGE).order_by("code")
    unit = None
    unit_id = request.POST.get("survey_unit") or request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = selectors.unit_get(user=request.user, pk=int(unit_id))
    initial = {}
    if unit is not None:
        initial = {
            "route": unit.route_id,
            "from_stake": unit.from_stake,
            "to_stake": unit.to_stake,
            "defect": _("%(year)d survey: PQI %(pqi).1f, %(grade)s")
            % {"year": unit.year, "pqi": unit.pqi, "grade": unit.get_condition_grade_display()},
        }
    form = WorkOrderForm(request.POST or None, routes=routes, initial=initial)
    if request.method == "POST":
        require_here(request, Action.ROADS_MANAGE)
        if form.is_valid():
            data = dict(form.cleaned_data, survey_unit=unit)
            patrol_id = request.POST.get("patrol", "")
            if patrol_id.isdigit():
                data["patrol"] = selectors.patrol_get(
                    user=request.user, pk=int(patrol_id), action=Action.ROADS_MANAGE
                )
            try:
                order = services.work_order_raise(
                    actor=request.user, route=form.cleaned_data["route"], data=data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Work order raised."))
                return redirect("maintenance:work_order", pk=order.pk)
    filterset = WorkOrderFilter(request.GET, queryset=selectors.work_order_list(user=request.user))
    status = request.GET.get("status", "")
    return render(
        request,
        "maintenance/work_orders.html",
        {
            "page": paginate(request, filterset.qs),
            "query": query_without_page(request),
            "status": status,
            "statuses": WorkOrder.Status.choices,
            "form": form if can_here(request, Action.ROADS_MANAGE) else None,
            "unit": unit,
        },
    )


@login_required
def work_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.work_order_get(user=request.user, pk=pk)
    can_manage = can(request.user, Action.ROADS_MANAGE, order.route.organization)
    step = rules.next_work_order_step(order.status)
    return render(
        request,
        "maintenance/work_order.html",
        {
            "order": order,
            "next_status": step[0] if step else None,
            "next_label": WorkOrder.Status(step[0]).label if step else "",
            "needed": step[1] if step else (),
            "form": AdvanceForm() if can_manage and step else None,
            "history": order.history.select_related("history_user").order_by("history_date"),
        },
    )


@login_required
@require_POST
def work_order_advance(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.work_order_get(user=request.user, pk=pk, action=Action.ROADS_MANAGE)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("maintenance:work_order", pk=order.pk)
    data = form.cleaned_data
    try:
        expect_version(order, data.pop("version", None))
        services.work_order_advance(actor=request.user, order=order, data=data)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(
            request, _("Work order is now %(status)s.") % {"status": order.get_status_display()}
        )
    return redirect("maintenance:work_order", pk=order.pk)


# --- Profiles -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile_list(request: HttpRequest) -> HttpResponse:
    profiles_found = selectors.profile_list(user=request.user)
    default = selectors.default_profile()
    can_edit = can(request.user, Action.ROADS_STANDARDS)
    form = ProfileYearForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.ROADS_STANDARDS)
        if form.is_valid():
            try:
                services.profile_assign(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    profile=form.cleaned_data["profile"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Profile chosen for the year."))
                return redirect("maintenance:profiles")
    return render(
        request,
        "maintenance/profiles.html",
        {
            "profiles": profiles_found,
            "years": selectors.profile_year_list(user=request.user),
            "default": default,
            "form": form if can_edit else None,
            "can_edit": can_edit,
        },
    )


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, pk=pk)
    return render(
        request,
        "maintenance/profile.html",
        {
            "profile": profile,
            "rows": [
                (path, profiles.describe(path), value, status, profiles.status_label(status))
                for path, value, status in profiles.coefficients(profile.table)
            ],
            "can_edit": can(request.user, Action.ROADS_STANDARDS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_revise(request: HttpRequest, pk: int) -> HttpResponse:
    base = selectors.profile_get(user=request.user, pk=pk)
    require(request.user, Action.ROADS_STANDARDS)
    rows = profiles.coefficients(base.table)
    form = ProfileReviseForm(
        request.POST or None, rows=rows, leaves=profiles.leaf_statuses(base.table)
    )
    if request.method == "POST" and form.is_valid():
        values, statuses = form.changes()
        try:
            saved = services.profile_revise(
                actor=request.user,
                base=base,
                values=values,
                statuses=statuses,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved as %(profile)s.") % {"profile": saved})
            return redirect("maintenance:profile", pk=saved.pk)
    return render(request, "maintenance/profile_revise.html", {"profile": base, "form": form})
