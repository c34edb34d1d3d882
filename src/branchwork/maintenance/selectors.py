"""Reads for maintenance, each in a fixed number of queries.

Every read of the inventory, surveys, patrols and work orders takes the acting user (keyword
``user``) and starts from ``Model.objects.visible_to(user, action)``. Condition profiles and
the profile of each year are reference data, read without scope (declared in
``core.scoping.UNSCOPED_MODELS``); their pages still require ``roads.view``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Count, F, FloatField, Model, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require
from branchwork.maintenance import rules
from branchwork.maintenance.models import (
    ConditionProfile,
    Patrol,
    PatrolPhoto,
    ProfileYear,
    Route,
    Survey,
    SurveyUnit,
    WorkOrder,
)
from branchwork.maintenance.profiles import JTG_5210_2018

M = TypeVar("M", bound=Model)

DEFAULT_PROFILE = JTG_5210_2018["name"]

SUMMARY_KEYS = {
    "year": ("year",),
    "county": ("year", "route__county__code", "route__county__name"),
    "route": ("year", "route_id", "route__code", "route__name"),
}


@dataclass
class SummaryRow:
    year: int
    key: str
    label: str
    units: int
    length_km: float
    pqi: float | None
    pci: float | None
    mqi: float | None
    good_share: float | None
    poor_share: float | None
    route_id: int | None = None
    inventory_km: float | None = None  # the length of the inventory the row covers


def _get(
    qs: QuerySet[M], *, user: Any, pk: int, action: str, organization: Callable[[M], Any]
) -> M:
    """One record the user can see (Http404 outside ``roads.view``), then ``require(action)``
    on its organization (PermissionDenied when the user may see it but not do ``action``)."""
    found = get_scoped(qs, user, Action.ROADS_VIEW, pk=pk)
    if action != Action.ROADS_VIEW:
        require(user, action, organization(found))
    return found


# --- Routes ---------------------------------------------------------------------------------


def route_list(*, user: Any, action: str = Action.ROADS_VIEW) -> QuerySet[Route]:
    """The routes the user may ``action`` (default ``roads.view``), with their county."""
    return Route.objects.visible_to(user, action).select_related("county")


def route_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> Route:
    """One route by id. Raises Http404 outside the user's scope, PermissionDenied when the
    user sees it but may not ``action`` it."""
    return _get(
        Route.objects.select_related("county", "organization"),
        user=user,
        pk=pk,
        action=action,
        organization=lambda route: route.organization,
    )


def inventory_km(*, user: Any, by: str) -> dict[str, float]:
    """Length of the visible inventory in km by county code (``by="county"``) or route code
    (one query), to set the surveyed length against."""
    key = "county__code" if by == "county" else "code"
    rows = route_list(user=user).values(key).annotate(length=Sum(F("end_m") - F("start_m")))
    return {row[key]: round((row["length"] or 0) / 1000, 3) for row in rows}


def route_condition(*, user: Any, route: Route) -> tuple[list[int], list[dict[str, Any]]]:
    """The route's evaluation units with each year's surveyed result (one query): the years,
    and one row per section with {"from_m", "to_m", "section", "results": [unit or None per
    year]}. A surveyed section that does not match an inventory unit gets a row of its own."""
    surveyed = list(
        SurveyUnit.objects.visible_to(user, Action.ROADS_VIEW)
        .filter(route=route)
        .order_by("from_m", "year")
    )
    years_found = sorted({u.year for u in surveyed}, reverse=True)
    by_section: dict[tuple[int, int], dict[int, SurveyUnit]] = {
        section: {} for section in route.units()
    }
    for unit in surveyed:
        by_section.setdefault((unit.from_m, unit.to_m), {})[unit.year] = unit
    return years_found, [
        {
            "from_m": start,
            "to_m": end,
            "section": rules.format_section(start, end),
            "results": [by_section[(start, end)].get(y) for y in years_found],
        }
        for start, end in sorted(by_section)
    ]


# --- Surveys and the network summary --------------------------------------------------------


def unit_list(*, user: Any) -> QuerySet[SurveyUnit]:
    """The surveyed evaluation units on the routes the user may see."""
    return SurveyUnit.objects.visible_to(user, Action.ROADS_VIEW)


def unit_get(*, user: Any, pk: int) -> SurveyUnit:
    """One surveyed unit (with its route) the user may see; Http404 otherwise."""
    return get_scoped(SurveyUnit.objects.select_related("route"), user, Action.ROADS_VIEW, pk=pk)


def survey_list(*, user: Any) -> QuerySet[Survey]:
    """Stored surveys the user may see, newest first, with ``unit_count`` and ``length_km``."""
    return (
        Survey.objects.visible_to(user, Action.ROADS_VIEW)
        .select_related("profile", "created_by")
        .annotate(
            unit_count=Count("units"),
            length_km=Sum("units__length_m", output_field=FloatField()) / 1000.0,
        )
        .order_by("-year", "-surveyed_on", "-id")
    )


def survey_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> Survey:
    """One survey by id. Raises Http404 outside the user's scope, PermissionDenied when the
    user sees it but may not ``action`` it."""
    return _get(
        Survey.objects.select_related("profile", "organization", "created_by"),
        user=user,
        pk=pk,
        action=action,
        organization=lambda survey: survey.organization,
    )


def survey_units(*, user: Any, survey: Survey) -> QuerySet[SurveyUnit]:
    """A survey's units the user may see, by route code and stake."""
    return (
        unit_list(user=user)
        .filter(survey=survey)
        .select_related("route")
        .order_by("route__code", "from_m")
    )


def survey_years(*, user: Any) -> list[int]:
    """The evaluation years with surveyed units the user may see, newest first."""
    return list(unit_list(user=user).values_list("year", flat=True).distinct().order_by("-year"))


def network_summary(
    *,
    user: Any,
    by: str = "county",
    year: int | None = None,
    route: Route | None = None,
    organization: Any = None,
) -> list[SummaryRow]:
    """Length-weighted PQI, PCI and MQI and the shares of length graded 优良 and 次差
    (JTG 5210-2018, roads.md §6), grouped by year and then by county or route (one query),
    over the units the user may see; ``organization`` narrows to its subtree. Raises
    ValueError for an unknown ``by``."""
    if by not in SUMMARY_KEYS:
        raise ValueError(f"by must be one of {', '.join(SUMMARY_KEYS)}")
    found = unit_list(user=user)
    if year is not None:
        found = found.filter(year=year)
    if route is not None:
        found = found.filter(route=route)
    if organization is not None:
        found = found.filter(route__in=Route.objects.in_subtree(organization))
    weighted = {
        name: Sum(F(name) * F("length_m"), output_field=FloatField()) for name in ("pqi", "pci")
    }
    rows = (
        found.values(*SUMMARY_KEYS[by])
        .annotate(
            n=Count("id"),
            length=Sum("length_m"),
            good=Sum("length_m", filter=Q(condition_grade__in=rules.GOOD_GRADES)),
            poor=Sum("length_m", filter=Q(condition_grade__in=rules.POOR_GRADES)),
            mqi_sum=Sum(F("mqi") * F("length_m"), output_field=FloatField()),
            mqi_length=Sum("length_m", filter=Q(mqi__isnull=False)),
            **weighted,
        )
        .order_by(*SUMMARY_KEYS[by])
    )
    result = []
    for row in rows:
        length = row["length"] or 0
        good, poor = rules.shares(length, row["good"] or 0, row["poor"] or 0)
        if by == "county":
            key, label = row["route__county__code"], row["route__county__name"]
        elif by == "route":
            key, label = row["route__code"], row["route__name"]
        else:
            key, label = str(row["year"]), str(row["year"])
        result.append(
            SummaryRow(
                year=row["year"],
                key=key,
                label=label,
                units=row["n"],
                length_km=round(length / 1000, 3),
                pqi=round(row["pqi"] / length, 2) if length else None,
                pci=round(row["pci"] / length, 2) if length else None,
                mqi=round(row["mqi_sum"] / row["mqi_length"], 2) if row["mqi_length"] else None,
                good_share=good,
                poor_share=poor,
                route_id=row.get("route_id"),
            )
        )
    return result


# --- Patrols --------------------------------------------------------------------------------


def patrol_list(*, user: Any) -> QuerySet[Patrol]:
    """Patrols on the routes the user may see, newest first, with ``photo_count``."""
    return (
        Patrol.objects.visible_to(user, Action.ROADS_VIEW)
        .select_related("route")
        .annotate(photo_count=Count("photos"))
        .order_by("-patrolled_on", "-id")
    )


def patrol_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> Patrol:
    """One patrol with its photos. Raises Http404 outside the user's scope, PermissionDenied
    when the user sees it but may not ``action`` it. Attaching a patrol to a new work order
    asks for ``roads.manage`` (page and API alike)."""
    return _get(
        Patrol.objects.select_related("route__organization", "created_by").prefetch_related(
            "photos"
        ),
        user=user,
        pk=pk,
        action=action,
        organization=lambda patrol: patrol.route.organization,
    )


def photo_get(*, user: Any, pk: int) -> PatrolPhoto:
    """One patrol photo the user may see; Http404 otherwise."""
    return get_scoped(
        PatrolPhoto.objects.select_related("patrol__route__organization"),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )


# --- Work orders ----------------------------------------------------------------------------


def work_order_list(*, user: Any) -> QuerySet[WorkOrder]:
    """Work orders on the routes the user may see, newest first."""
    return WorkOrder.objects.visible_to(user, Action.ROADS_VIEW).select_related("route")


def work_order_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> WorkOrder:
    """One work order. Raises Http404 outside the user's scope, PermissionDenied when the
    user sees it but may not ``action`` it."""
    return _get(
        WorkOrder.objects.select_related("route__organization", "patrol", "survey_unit"),
        user=user,
        pk=pk,
        action=action,
        organization=lambda order: order.route.organization,
    )


def work_order_counts(*, user: Any) -> dict[str, Any]:
    """Visible work orders by status, the open ones and their spend (one query)."""
    counts = work_order_list(user=user).aggregate(
        raised=Count("id", filter=Q(status="raised")),
        assigned=Count("id", filter=Q(status="assigned")),
        repaired=Count("id", filter=Q(status="repaired")),
        verified=Count("id", filter=Q(status="verified")),
        cost=Sum("cost"),
    )
    counts["open"] = counts["raised"] + counts["assigned"] + counts["repaired"]
    return counts


def home_summary(*, user: Any, organization: Any, year: int | None = None) -> dict[str, Any] | None:
    """The latest year's network condition (with ``year``, the latest evaluation up to that
    year) and the open work orders (now, whatever ``year``) of an organization's roads, for
    the home page and the department dashboard (two queries); None when it keeps no road
    inventory."""
    latest = [
        row
        for row in network_summary(user=user, by="year", organization=organization)
        if year is None or row.year <= year
    ]
    open_orders = (
        work_order_list(user=user)
        .filter(route__in=Route.objects.in_subtree(organization))
        .exclude(status=WorkOrder.Status.VERIFIED)
        .count()
    )
    if not latest and not open_orders:
        return None
    return {"latest": latest[-1] if latest else None, "open_orders": open_orders}


# --- Condition profiles (reference data, unscoped) ------------------------------------------


def profile_list(*, user: Any) -> QuerySet[ConditionProfile]:
    """Every version of every condition profile. Raises PermissionDenied without
    ``roads.view``."""
    require(user, Action.ROADS_VIEW)
    return ConditionProfile.objects.select_related("created_by")


def profile_get(*, user: Any, pk: int) -> ConditionProfile:
    """One profile version. Raises PermissionDenied without ``roads.view``, Http404 when no
    such version exists."""
    require(user, Action.ROADS_VIEW)
    try:
        return ConditionProfile.objects.select_related("created_by").get(pk=pk)
    except ConditionProfile.DoesNotExist:
        raise Http404 from None


def profile_year_list(*, user: Any) -> QuerySet[ProfileYear]:
    """The profile chosen for each evaluation year, newest year first. Raises
    PermissionDenied without ``roads.view``."""
    require(user, Action.ROADS_VIEW)
    return ProfileYear.objects.select_related("profile")


def profile_newest(name: str) -> ConditionProfile | None:
    """The newest version of the profile called ``name`` (None when there is none)."""
    return ConditionProfile.objects.filter(name=name).order_by("-version").first()


def default_profile() -> ConditionProfile:
    """The newest version of the default profile (JTG 5210-2018). Its version 1 is created by
    migration 0002 (and ``services.builtin_profiles_install``); a read never creates it.
    Raises ConditionProfile.DoesNotExist when the database has none."""
    found = profile_newest(DEFAULT_PROFILE)
    if found is None:
        raise ConditionProfile.DoesNotExist(
            f"No {DEFAULT_PROFILE} profile: run `branchwork migrate`."
        )
    return found


def profile_for_year(year: int | None) -> ConditionProfile:
    """The profile chosen for evaluation ``year``, else the default profile."""
    chosen = (
        ProfileYear.objects.filter(year=year).select_related("profile").first()
        if year is not None
        else None
    )
    return chosen.profile if chosen else default_profile()


def profile_named(text: str) -> ConditionProfile:
    """A profile by name: 'JTG 5210-2018' (its newest version) or 'JTG 5210-2018 v2'. Raises
    ValidationError naming the known profiles when there is no such profile."""
    name, _sep, version = text.strip().rpartition(" v")
    if name and version.isdigit():
        found = ConditionProfile.objects.filter(name=name, version=int(version)).first()
    else:
        found = profile_newest(text.strip())
    if found is None:
        known = ", ".join(sorted(set(ConditionProfile.objects.values_list("name", flat=True))))
        raise ValidationError(
            _("No profile %(name)r; known profiles: %(known)s.") % {"name": text, "known": known}
        )
    return found
