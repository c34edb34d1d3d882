"""Reads for the 组组通 program: the dashboard by county and by month, each in a fixed
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from branchwork.core.roles import Action
from branchwork.core.scoping import scope
from branchwork.roads.models import Division, ProgramTarget, RoadProject, VillageGroup

DONE = (RoadProject.Status.COMPLETED, RoadProject.Status.ACCEPTED)
KM, MONEY = Decimal("0.001"), Decimal("0.01")


@dataclass
class CountyRow:
    county: Division
    km_done: Decimal = Decimal("0")
    km_planned: Decimal = Decimal("0")
    km_target: Decimal = Decimal("0")
    groups_target: int = 0
    investment: Decimal = Decimal("0")
    investment_central: Decimal = Decimal("0")
    investment_provincial: Decimal = Decimal("0")
    investment_local: Decimal = Decimal("0")
    investment_other: Decimal = Decimal("0")
    eligible: int = 0
    connected: int = 0
    households: int = 0
    poor_people: int = 0
    rank: int = 0

    @property
    def connected_rate(self) -> float | None:
        """通硬化路率: eligible groups connected by a hardened road ÷ eligible groups."""
        if not self.eligible:
            return None
        rate = round(100 * self.connected / self.eligible, 1)
        # Never show 100 % while a group is still waiting for its road.
        return min(rate, 99.9) if self.connected < self.eligible else rate

    @property
    def investment_per_km(self) -> Decimal | None:
        return (self.investment / self.km_done).quantize(Decimal("0.01")) if self.km_done else None


SOURCES = ("investment_central", "investment_provincial", "investment_local", "investment_other")


def dashboard(user: Any, org: Any = None) -> tuple[CountyRow, list[CountyRow]]:
    """Program totals and per-county rows, ranked by km built (four queries); ``org`` keeps
    only its subtree (the home page's summary).

    A group counts as connected only when a project serving it is completed or accepted with
    a hardened pavement (ROADS_HARDENED_PAVEMENTS). Counties with the same km share a rank."""
    hardened = settings.ROADS_HARDENED_PAVEMENTS
    threshold = settings.ROADS_ELIGIBLE_HOUSEHOLDS
    projects = scope(RoadProject.objects.all(), user, Action.ROADS_VIEW)
    groups = scope(VillageGroup.objects.all(), user, Action.ROADS_VIEW)
    targets = scope(ProgramTarget.objects.all(), user, Action.ROADS_VIEW)
    if org is not None:
        projects = projects.filter(organization__path__startswith=org.path)
        groups = groups.filter(organization__path__startswith=org.path)
        targets = targets.filter(organization__path__startswith=org.path)
    rows: dict[int, CountyRow] = {
        c.pk: CountyRow(c) for c in Division.objects.filter(level="county").order_by("code")
    }
    # Km built: completed or accepted projects with a hardened pavement (a gravel road is not
    # part of the hardened-road program's result).
    built = Q(status__in=DONE, pavement_type__in=hardened)
    for item in projects.values("county_id").annotate(
        km_done=Sum("length_km", filter=built),
        km_planned=Sum("length_km"),
        investment=Sum("investment", filter=built),
        **{name: Sum(name, filter=built) for name in SOURCES},
    ):
        row = rows.get(item["county_id"])
        if row:
            # Sums come back with the database's own precision; keep the fields' places.
            row.km_done = (item["km_done"] or Decimal("0")).quantize(KM)
            row.km_planned = (item["km_planned"] or Decimal("0")).quantize(KM)
            for name in ("investment", *SOURCES):
                setattr(row, name, (item[name] or Decimal("0")).quantize(MONEY))
    served = RoadProject.groups.through.objects.filter(
        villagegroup_id=OuterRef("pk"),
        roadproject__status__in=DONE,
        roadproject__pavement_type__in=hardened,
    )
    for item in (
        groups.filter(households__gte=threshold)
        .annotate(is_connected=Exists(served))
        .values("county_id")
        .annotate(
            eligible=Count("id"),
            connected=Count("id", filter=Q(is_connected=True)),
            households=Sum("households", filter=Q(is_connected=True)),
            poor=Sum("poor_population", filter=Q(is_connected=True)),
        )
    ):
        row = rows.get(item["county_id"])
        if row:
            row.eligible, row.connected = item["eligible"], item["connected"]
            row.households, row.poor_people = item["households"] or 0, item["poor"] or 0
    for item in targets.values("county_id").annotate(km=Sum("km"), groups=Sum("groups")):
        row = rows.get(item["county_id"])
        if row:
            row.km_target = (item["km"] or Decimal("0")).quantize(KM)
            row.groups_target = item["groups"] or 0
    counties = sorted(
        (r for r in rows.values() if r.km_planned or r.eligible or r.km_target),
        key=lambda r: (-r.km_done, r.county.code),
    )
    for n, r in enumerate(counties):
        same = n and r.km_done == counties[n - 1].km_done
        r.rank = counties[n - 1].rank if same else n + 1
    total = CountyRow(Division(name="", code=""), km_done=Decimal("0.000"))
    for r in counties:
        for key in (
            "km_done",
            "km_planned",
            "km_target",
            "groups_target",
            "investment",
            *SOURCES,
            "eligible",
            "connected",
            "households",
            "poor_people",
        ):
            setattr(total, key, getattr(total, key) + getattr(r, key))
    return total, counties


@dataclass
class MonthRow:
    month: dt.date
    km_done: Decimal = Decimal("0.000")
    groups: int = 0
    km_cumulative: Decimal = Decimal("0.000")
    groups_cumulative: int = 0


def program_years(user: Any) -> list[int]:
    """The program years of the projects the user sees (one query)."""
    projects = scope(RoadProject.objects.all(), user, Action.ROADS_VIEW)
    return list(projects.order_by("year").values_list("year", flat=True).distinct())


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def dashboard_months(user: Any, year: int | None = None) -> list[MonthRow]:
    """Per month: km of projects completed (by their completion date), eligible groups newly
    connected (the month of their first completed hardened road) and the running totals;
    ``year`` keeps the projects of that program year (and the groups they connected first).
    Months without completions are listed (zeros) between the first and the last, and a
    chosen year shows all its twelve months. Two queries, however many projects."""
    done = scope(
        RoadProject.objects.filter(
            status__in=DONE,
            completed_on__isnull=False,
            pavement_type__in=settings.ROADS_HARDENED_PAVEMENTS,
        ),
        user,
        Action.ROADS_VIEW,
    )
    if year is not None:
        done = done.filter(year=year)
    km = {
        item["month"]: item["km"]
        for item in done.annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(km=Sum("length_km"))
        .order_by("month")
    }
    links = RoadProject.groups.through.objects.filter(
        villagegroup_id=OuterRef("pk"),
        roadproject__status__in=DONE,
        roadproject__completed_on__isnull=False,
        roadproject__pavement_type__in=settings.ROADS_HARDENED_PAVEMENTS,
    ).order_by("roadproject__completed_on", "roadproject_id")
    groups = scope(
        VillageGroup.objects.filter(households__gte=settings.ROADS_ELIGIBLE_HOUSEHOLDS),
        user,
        Action.ROADS_VIEW,
    ).annotate(first_on=Subquery(links.values("roadproject__completed_on")[:1]))
    if year is not None:
        groups = groups.annotate(first_year=Subquery(links.values("roadproject__year")[:1]))
        groups = groups.filter(first_year=year)
    connected = {
        item["month"]: item["n"]
        for item in groups.filter(first_on__isnull=False)
        .annotate(month=TruncMonth("first_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    }
    months = set(km) | set(connected)
    if year is not None:
        months |= {dt.date(year, 1, 1), dt.date(year, 12, 1)}
    if not months:
        return []
    rows, month, last = [], min(months), max(months)
    km_total, groups_total = Decimal("0.000"), 0
    while month <= last:
        km_month = (km.get(month) or Decimal("0")).quantize(KM)
        km_total += km_month
        groups_total += connected.get(month, 0)
        rows.append(MonthRow(month, km_month, connected.get(month, 0), km_total, groups_total))
        month = _next_month(month)
    return rows


def home_summary(user: Any, org: Any) -> CountyRow | None:
    """The program totals of ``org``'s subtree for the home page (four queries), or None
    when the organization has no road program."""
    total, counties = dashboard(user, org)
    return total if counties else None
