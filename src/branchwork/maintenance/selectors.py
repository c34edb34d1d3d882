"""Reads for maintenance, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, FloatField, Q, QuerySet, Sum

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, scope
from branchwork.maintenance import rules
from branchwork.maintenance.models import Patrol, Route, Survey, SurveyUnit, WorkOrder

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


def routes(user: Any) -> QuerySet[Route]:
    return scope(Route.objects.select_related("county"), user, Action.ROADS_VIEW)


def route_get(user: Any, pk: int) -> Route:
    return get_scoped(
        Route.objects.select_related("county", "organization"), user, Action.ROADS_VIEW, pk=pk
    )


def survey_get(user: Any, pk: int) -> Survey:
    return get_scoped(
        Survey.objects.select_related("profile", "organization", "created_by"),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )


def patrol_get(user: Any, pk: int) -> Patrol:
    return get_scoped(
        Patrol.objects.select_related("route__organization", "created_by").prefetch_related(
            "photos"
        ),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )


def work_order_get(user: Any, pk: int) -> WorkOrder:
    return get_scoped(
        WorkOrder.objects.select_related("route__organization", "patrol", "survey_unit"),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )


def units(user: Any) -> QuerySet[SurveyUnit]:
    return scope(SurveyUnit.objects.all(), user, Action.ROADS_VIEW)


def network_summary(
    user: Any,
    by: str = "county",
    year: int | None = None,
    route: Route | None = None,
    org: Any = None,
) -> list[SummaryRow]:
    """Length-weighted PQI, PCI and MQI and the shares of length graded 优良 and 次差, grouped
    by year and then by county or route (one query)."""
    if by not in SUMMARY_KEYS:
        raise ValueError(f"by must be one of {', '.join(SUMMARY_KEYS)}")
    found = units(user)
    if year is not None:
        found = found.filter(year=year)
    if route is not None:
        found = found.filter(route=route)
    if org is not None:
        found = found.filter(route__organization__path__startswith=org.path)
    weighted = {
        name: Sum(F(name) * F("length_m"), output_field=FloatField()) for name in ("pqi", "pci")
    }
    rows = (
        found.values(*SUMMARY_KEYS[by])
        .annotate(
            n=Count("id"),
            length=Sum("length_m"),
            good=Sum("length_m", filter=Q(grade__in=rules.GOOD_GRADES)),
            poor=Sum("length_m", filter=Q(grade__in=rules.POOR_GRADES)),
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


def years(user: Any) -> list[int]:
    return list(units(user).values_list("year", flat=True).distinct().order_by("-year"))


def route_condition(route: Route) -> tuple[list[int], list[dict[str, Any]]]:
    """The route's evaluation units with each year's surveyed result (one query): the years,
    and one row per section with {"from_m", "to_m", "section", "results": [unit or None per
    year]}. A surveyed section that does not match an inventory unit gets a row of its own."""
    surveyed = list(route.survey_units.order_by("from_m", "year"))
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


def surveys(user: Any) -> QuerySet[Survey]:
    return scope(
        Survey.objects.select_related("profile", "created_by")
        .annotate(
            unit_count=Count("units"),
            length_km=Sum("units__length_m", output_field=FloatField()) / 1000.0,
        )
        .order_by("-year", "-surveyed_on", "-id"),
        user,
        Action.ROADS_VIEW,
    )


def patrols(user: Any) -> QuerySet[Patrol]:
    return scope(
        Patrol.objects.select_related("route")
        .annotate(photo_count=Count("photos"))
        .order_by("-patrolled_on", "-id"),
        user,
        Action.ROADS_VIEW,
    )


def work_orders(user: Any) -> QuerySet[WorkOrder]:
    return scope(WorkOrder.objects.select_related("route"), user, Action.ROADS_VIEW)


def overview_counts(user: Any) -> dict[str, Any]:
    """Open work orders by status and their spend (one query)."""
    counts = work_orders(user).aggregate(
        raised=Count("id", filter=Q(status="raised")),
        assigned=Count("id", filter=Q(status="assigned")),
        repaired=Count("id", filter=Q(status="repaired")),
        verified=Count("id", filter=Q(status="verified")),
        cost=Sum("cost"),
    )
    counts["open"] = counts["raised"] + counts["assigned"] + counts["repaired"]
    return counts


def inventory_km(user: Any, by: str) -> dict[str, float]:
    """Length of the inventory by county code or route code (one query), to set the surveyed
    length against."""
    key = "county__code" if by == "county" else "code"
    rows = routes(user).values(key).annotate(length=Sum(F("end_m") - F("start_m")))
    return {row[key]: round((row["length"] or 0) / 1000, 3) for row in rows}


def home_summary(user: Any, org: Any) -> dict[str, Any] | None:
    """The latest year's network condition and the open work orders of an organization's
    roads, for the home page (three queries); None when it keeps no road inventory."""
    latest = network_summary(user, by="year", org=org)
    open_orders = (
        work_orders(user)
        .filter(route__organization__path__startswith=org.path)
        .exclude(status=WorkOrder.Status.VERIFIED)
        .count()
    )
    if not latest and not open_orders:
        return None
    return {"latest": latest[-1] if latest else None, "open_orders": open_orders}
