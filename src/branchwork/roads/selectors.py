"""Reads for the 组组通 program: the dashboard by county in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum

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
    eligible: int = 0
    connected: int = 0
    households: int = 0
    poor_people: int = 0

    @property
    def connected_rate(self) -> float | None:
        """通硬化路率: eligible groups connected by a hardened road ÷ eligible groups."""
        return round(100 * self.connected / self.eligible, 1) if self.eligible else None

    @property
    def investment_per_km(self) -> Decimal | None:
        return (self.investment / self.km_done).quantize(Decimal("0.01")) if self.km_done else None


def dashboard(user: Any) -> tuple[CountyRow, list[CountyRow]]:
    """Program totals and per-county rows, ranked by km built (four queries).

    A group counts as connected only when a project serving it is completed or accepted with
    a hardened pavement (ROADS_HARDENED_PAVEMENTS)."""
    hardened = settings.ROADS_HARDENED_PAVEMENTS
    threshold = settings.ROADS_ELIGIBLE_HOUSEHOLDS
    projects = scope(RoadProject.objects.all(), user, Action.ROADS_VIEW)
    groups = scope(VillageGroup.objects.all(), user, Action.ROADS_VIEW)
    rows: dict[int, CountyRow] = {
        c.pk: CountyRow(c) for c in Division.objects.filter(level="county").order_by("code")
    }
    for item in projects.values("county_id").annotate(
        km_done=Sum("length_km", filter=Q(status__in=DONE)),
        km_planned=Sum("length_km"),
        investment=Sum("investment", filter=Q(status__in=DONE)),
    ):
        row = rows.get(item["county_id"])
        if row:
            # Sums come back with the database's own precision; keep the fields' places.
            row.km_done = (item["km_done"] or Decimal("0")).quantize(KM)
            row.km_planned = (item["km_planned"] or Decimal("0")).quantize(KM)
            row.investment = (item["investment"] or Decimal("0")).quantize(MONEY)
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
    for item in (
        scope(ProgramTarget.objects.all(), user, Action.ROADS_VIEW)
        .values("county_id")
        .annotate(km=Sum("km"), groups=Sum("groups"))
    ):
        row = rows.get(item["county_id"])
        if row:
            row.km_target = (item["km"] or Decimal("0")).quantize(KM)
            row.groups_target = item["groups"] or 0
    counties = sorted(
        (r for r in rows.values() if r.km_planned or r.eligible or r.km_target),
        key=lambda r: (-r.km_done, r.county.code),
    )
    total = CountyRow(Division(name="", code=""), km_done=Decimal("0.000"))
    for r in counties:
        for key in (
            "km_done",
            "km_planned",
            "km_target",
            "groups_target",
            "investment",
            "eligible",
            "connected",
            "households",
            "poor_people",
        ):
            setattr(total, key, getattr(total, key) + getattr(r, key))
    return total, counties
