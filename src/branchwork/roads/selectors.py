"""Reads for the 组组通 program: lists and detail lookups of projects, progress reports,
village groups and targets, and the dashboard by county and by month (each in a fixed number of
queries).

Every function takes the acting user (keyword ``user``) and starts from
``Model.objects.visible_to(user, action)``; detail lookups answer 404 outside the user's scope
and 403 inside it without the action, so a page and an endpoint cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.db.models.lookups import Exact

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require
from branchwork.roads.models import (
    Division,
    ProgramTarget,
    ProgressPhoto,
    ProgressReport,
    ProvinceRank,
    RoadProject,
    VillageGroup,
)

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


def done_by(year: int | None, prefix: str = "") -> Q:
    """Completed or accepted projects (``prefix`` reaches the project from another model)
    with a hardened pavement (ROADS_HARDENED_PAVEMENTS: a gravel road is not part of the
    hardened-road program's result), and with ``year``, those done by its end: completed on
    or before 31 December, or, without a completion date, of a program year up to ``year``."""
    q = Q(
        **{
            f"{prefix}status__in": DONE,
            f"{prefix}pavement_type__in": (settings.ROADS_HARDENED_PAVEMENTS),
        }
    )
    if year is not None:
        q &= Q(**{f"{prefix}completed_on__lte": dt.date(year, 12, 31)}) | Q(
            **{f"{prefix}completed_on__isnull": True, f"{prefix}year__lte": year}
        )
    return q


def dashboard(
    *, user: Any, organization: Any = None, year: int | None = None
) -> tuple[CountyRow, list[CountyRow]]:
    """Program totals and per-county rows, ranked by km built (four queries).

    Args: ``user`` the acting user (only the projects, groups and targets they may view count);
    ``organization`` keeps only its subtree (the home page's summary), after checking roads.view
    on it; ``year`` gives the figures as they stood at the end of that year (``done_by``:
    km built and groups connected by 31 December; km planned and targets of the program
    years up to it); None, as they stand now. Km are Decimal km, money Decimal 10,000 yuan.
    Raises PermissionDenied when ``organization`` is given and the user may not view its roads.

    A group counts as connected only when a project serving it is completed or accepted with
    a hardened pavement (ROADS_HARDENED_PAVEMENTS). Counties with the same km share a rank."""
    threshold = settings.ROADS_ELIGIBLE_HOUSEHOLDS
    projects = RoadProject.objects.visible_to(user, Action.ROADS_VIEW)
    groups = VillageGroup.objects.visible_to(user, Action.ROADS_VIEW)
    targets = ProgramTarget.objects.visible_to(user, Action.ROADS_VIEW)
    if organization is not None:
        require(user, Action.ROADS_VIEW, organization)
        projects = projects.in_subtree(organization)
        groups = groups.in_subtree(organization)
        targets = targets.in_subtree(organization)
    planned = Q()
    if year is not None:
        planned = Q(year__lte=year)
        targets = targets.filter(year__lte=year)
    rows: dict[int, CountyRow] = {c.pk: CountyRow(c) for c in counties()}
    built = done_by(year)
    for item in projects.values("county_id").annotate(
        km_done=Sum("length_km", filter=built),
        km_planned=Sum("length_km", filter=planned),
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
        done_by(year, "roadproject__"), villagegroup_id=OuterRef("pk")
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
    ranked = sorted(
        (r for r in rows.values() if r.km_planned or r.eligible or r.km_target),
        key=lambda r: (-r.km_done, r.county.code),
    )
    for n, r in enumerate(ranked):
        same = n and r.km_done == ranked[n - 1].km_done
        r.rank = ranked[n - 1].rank if same else n + 1
    total = CountyRow(Division(name="", code=""), km_done=Decimal("0.000"))
    for r in ranked:
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
    return total, ranked


@dataclass
class MonthRow:
    month: dt.date
    km_done: Decimal = Decimal("0.000")
    groups: int = 0
    km_cumulative: Decimal = Decimal("0.000")
    groups_cumulative: int = 0


def program_years(*, user: Any) -> list[int]:
    """The program years (ints, ascending) of the projects the user may view (one query)."""
    projects = RoadProject.objects.visible_to(user, Action.ROADS_VIEW)
    return list(projects.order_by("year").values_list("year", flat=True).distinct())


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def dashboard_months(*, user: Any, year: int | None = None) -> list[MonthRow]:
    """Per month: km of projects completed (by their completion date), eligible groups newly
    connected (the month of their first completed hardened road) and the running totals;
    ``year`` keeps the projects of that program year (and the groups they connected first).
    Months without completions are listed (zeros) between the first and the last, and a
    chosen year shows all its twelve months. Two queries, however many projects.

    Args: ``user`` the acting user; ``year`` a program year or None. Returns MonthRow items
    (month as the first day, km as Decimal)."""
    done = RoadProject.objects.visible_to(user, Action.ROADS_VIEW).filter(
        status__in=DONE,
        completed_on__isnull=False,
        pavement_type__in=settings.ROADS_HARDENED_PAVEMENTS,
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
    groups = (
        VillageGroup.objects.visible_to(user, Action.ROADS_VIEW)
        .filter(households__gte=settings.ROADS_ELIGIBLE_HOUSEHOLDS)
        .annotate(first_on=Subquery(links.values("roadproject__completed_on")[:1]))
    )
    if year is not None:
        # Groups whose first road belongs to that program year.
        groups = groups.filter(Exact(Subquery(links.values("roadproject__year")[:1]), year))
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


def home_summary(*, user: Any, organization: Any, year: int | None = None) -> CountyRow | None:
    """The program totals of ``organization``'s subtree for the home page and the department
    dashboard (four queries), at the end of ``year`` when given (see ``dashboard``), or None
    when the organization has no road program. Raises PermissionDenied without roads.view on
    ``organization``."""
    total, rows = dashboard(user=user, organization=organization, year=year)
    return total if rows else None


@dataclass
class YearRow:
    year: int
    km_done: Decimal = Decimal("0.000")
    groups: int = 0
    km_cumulative: Decimal = Decimal("0.000")
    groups_cumulative: int = 0


def progress_by_year(*, user: Any, organization: Any, until: int) -> list[YearRow]:
    """Per calendar year up to ``until``: km built (hardened projects completed that year) and
    eligible groups newly connected (the year of their first such road), with running totals,
    for ``organization``'s subtree; from the first year with a completion (none: an empty
    list). Projects done without a completion date count in their program year, as in
    ``done_by``. Two queries. Raises PermissionDenied without roads.view on ``organization``."""
    require(user, Action.ROADS_VIEW, organization)
    done = (
        RoadProject.objects.visible_to(user, Action.ROADS_VIEW)
        .in_subtree(organization)
        .filter(done_by(until))
        .annotate(
            done_year=Coalesce(ExtractYear("completed_on"), "year", output_field=IntegerField())
        )
    )
    km: dict[int, Decimal] = {
        item["done_year"]: item["km"]
        for item in done.order_by().values("done_year").annotate(km=Sum("length_km"))
    }
    done_year = Coalesce(
        ExtractYear("roadproject__completed_on"), "roadproject__year", output_field=IntegerField()
    )
    links = (
        RoadProject.groups.through.objects.filter(
            done_by(until, "roadproject__"), villagegroup_id=OuterRef("pk")
        )
        .order_by(done_year)
        .values_list(done_year)
    )
    connected: dict[int, int] = {
        item["first"]: item["n"]
        for item in VillageGroup.objects.visible_to(user, Action.ROADS_VIEW)
        .in_subtree(organization)
        .filter(households__gte=settings.ROADS_ELIGIBLE_HOUSEHOLDS)
        .annotate(first=Subquery(links[:1]))
        .filter(first__isnull=False)
        .order_by()
        .values("first")
        .annotate(n=Count("id"))
    }
    years = set(km) | set(connected)
    if not years:
        return []
    rows: list[YearRow] = []
    km_total, groups_total = Decimal("0.000"), 0
    for year in range(min(years), until + 1):
        km_year = (km.get(year) or Decimal("0")).quantize(KM)
        km_total += km_year
        groups_total += connected.get(year, 0)
        rows.append(YearRow(year, km_year, connected.get(year, 0), km_total, groups_total))
    return rows


# --- reference data ---------------------------------------------------------------------------


def counties() -> QuerySet[Division]:
    """The counties, by code (divisions are public reference data: core.scoping.UNSCOPED_MODELS)."""
    return Division.objects.filter(level=Division.Level.COUNTY).order_by("code")


def townships(county: Division | int | None = None) -> QuerySet[Division]:
    """The townships, by code, with their county; only ``county``'s when it is given (a
    division or its id). Divisions are public reference data (core.scoping.UNSCOPED_MODELS)."""
    found = Division.objects.filter(level=Division.Level.TOWNSHIP).select_related("parent")
    if county is not None:
        found = found.filter(parent=county)
    return found.order_by("code")


def division_by_code(code: str, level: str) -> Division | None:
    """The division of ``level`` (a Division.Level value) with ``code``, or None."""
    return Division.objects.filter(code=code.strip(), level=level).select_related("parent").first()


# --- projects ---------------------------------------------------------------------------------


def project_list(*, user: Any, action: str = Action.ROADS_VIEW) -> QuerySet[RoadProject]:
    """The projects the user may do ``action`` on (default roads.view), with their county,
    township and organization; unordered (the FilterSet or the caller orders)."""
    return RoadProject.objects.visible_to(user, action).select_related(
        "county", "township", "organization"
    )


def project_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> RoadProject:
    """One project for the page and the API.

    Raises Http404 when the project is outside what the user may view, PermissionDenied when
    it is inside but the user may not do ``action`` (e.g. roads.manage) on its organization."""
    project = get_scoped(project_list(user=user), user, Action.ROADS_VIEW, pk=pk)
    if action != Action.ROADS_VIEW:
        require(user, action, project.organization)
    return project


def project_groups(*, user: Any, project: RoadProject) -> QuerySet[VillageGroup]:
    """The village groups a project connects that the user may view (all of them for a
    project read through project_get: groups are connected within the project's subtree),
    by village code and name."""
    return (
        VillageGroup.objects.visible_to(user, Action.ROADS_VIEW)
        .filter(projects=project)
        .select_related("village")
        .order_by("village__code", "name")
    )


def connectable_groups(*, user: Any, project: RoadProject | None = None) -> QuerySet[VillageGroup]:
    """Village groups the user may manage; with ``project``, only the eligible groups of its
    county in its organization's subtree that it does not connect yet (the page's choices)."""
    groups = VillageGroup.objects.visible_to(user, Action.ROADS_MANAGE).select_related(
        "organization", "village__parent", "county"
    )
    if project is None:
        return groups
    return (
        groups.in_subtree(project.organization)
        .filter(county=project.county, households__gte=settings.ROADS_ELIGIBLE_HOUSEHOLDS)
        .exclude(projects=project)
        .order_by("village__code", "name")
    )


# --- progress ---------------------------------------------------------------------------------


def report_list(*, user: Any, project: RoadProject) -> QuerySet[ProgressReport]:
    """A project's monthly progress reports (by month) with their photos, oldest photo first."""
    return (
        ProgressReport.objects.visible_to(user, Action.ROADS_VIEW)
        .filter(project=project)
        .prefetch_related(
            Prefetch("photos", queryset=ProgressPhoto.objects.order_by("uploaded_at", "id"))
        )
        .order_by("month")
    )


def report_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> ProgressReport:
    """One progress report with its photos: Http404 outside the user's view scope,
    PermissionDenied inside it without ``action`` on the project's organization."""
    report = get_scoped(
        ProgressReport.objects.select_related("project__organization").prefetch_related(
            Prefetch("photos", queryset=ProgressPhoto.objects.order_by("uploaded_at", "id"))
        ),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )
    if action != Action.ROADS_VIEW:
        require(user, action, report.project.organization)
    return report


def photo_get(*, user: Any, pk: int) -> ProgressPhoto:
    """A progress photo the user may view (Http404 elsewhere)."""
    return get_scoped(
        ProgressPhoto.objects.select_related("report__project__organization"),
        user,
        Action.ROADS_VIEW,
        pk=pk,
    )


# --- village groups ---------------------------------------------------------------------------


def group_list(*, user: Any, action: str = Action.ROADS_VIEW) -> QuerySet[VillageGroup]:
    """The village groups the user may do ``action`` on, with organization, village and county,
    by village code, name and id."""
    return (
        VillageGroup.objects.visible_to(user, action)
        .select_related("organization", "village", "county")
        .order_by("village__code", "name", "id")
    )


def group_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> VillageGroup:
    """One village group: Http404 outside the user's view scope, PermissionDenied inside it
    without ``action`` on its organization."""
    group = get_scoped(group_list(user=user), user, Action.ROADS_VIEW, pk=pk)
    if action != Action.ROADS_VIEW:
        require(user, action, group.organization)
    return group


# --- targets ----------------------------------------------------------------------------------


def target_list(*, user: Any) -> QuerySet[ProgramTarget]:
    """The yearly targets the user may view, with organization and county, by year and county."""
    return (
        ProgramTarget.objects.visible_to(user, Action.ROADS_VIEW)
        .select_related("organization", "county")
        .order_by("year", "county__code")
    )


def target_get(*, user: Any, pk: int, action: str = Action.ROADS_VIEW) -> ProgramTarget:
    """One target: Http404 outside the user's view scope, PermissionDenied inside it without
    ``action`` on its organization."""
    target = get_scoped(target_list(user=user), user, Action.ROADS_VIEW, pk=pk)
    if action != Action.ROADS_VIEW:
        require(user, action, target.organization)
    return target


def province_ranking(*, user: Any) -> QuerySet[ProvinceRank]:
    """The province ranking of the program as reported (the article: Tongren 3rd in Guizhou),
    stored by the organizations the user may view, by rank."""
    return ProvinceRank.objects.visible_to(user, Action.ROADS_VIEW).order_by("rank", "prefecture")
