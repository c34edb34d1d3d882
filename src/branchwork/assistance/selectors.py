"""Reads of the assistance module, each from the scoped querysets, in a fixed number of
queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet, Sum

from branchwork.assistance import rules
from branchwork.assistance.filters import LedgerFilter, VisitFilter
from branchwork.assistance.models import (
    DesignatedCounty,
    EvidencePack,
    Household,
    HouseholdPairing,
    IndicatorTarget,
    LedgerDocument,
    LedgerEntry,
    VillagePairing,
    Visit,
    VisitPhoto,
)
from branchwork.core.roles import Action
from branchwork.core.scoping import ScopedQuerySet, can, get_scoped, require
from branchwork.members.selectors import member_of_user
from branchwork.organizations.models import Organization

M = TypeVar("M", bound=Model)
ZERO = rules.ZERO


def _subtree(
    model: type[M], *, user: Any, organization: Organization, action: str = Action.ASSISTANCE_VIEW
) -> ScopedQuerySet[M]:
    require(user, action, organization)
    return model.objects.visible_to(user, action).in_subtree(organization)  # type: ignore[attr-defined,no-any-return]


def designation_list(*, user: Any, organization: Organization) -> QuerySet[DesignatedCounty]:
    """The designated counties of ``organization``'s subtree. Raises ``PermissionDenied``
    without ``assistance.view`` on it."""
    return _subtree(DesignatedCounty, user=user, organization=organization).select_related(
        "county", "organization"
    )


def designation_get(
    *, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW
) -> DesignatedCounty:
    """One designated county: Http404 outside the user's assistance scope, PermissionDenied
    inside it without ``action``."""
    found = get_scoped(
        DesignatedCounty.objects.select_related("county", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.organization)
    return found


def village_list(*, user: Any, organization: Organization) -> QuerySet[VillagePairing]:
    """The paired villages of ``organization``'s subtree with their household counts."""
    return (
        _subtree(VillagePairing, user=user, organization=organization)
        .select_related("village", "designation__county")
        .annotate(household_count=Count("households", distinct=True))
    )


def village_get(*, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW) -> VillagePairing:
    """One paired village: Http404 outside scope, PermissionDenied without ``action``."""
    found = get_scoped(
        VillagePairing.objects.select_related("village", "designation__county", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.organization)
    return found


def household_list(*, user: Any, organization: Organization) -> QuerySet[Household]:
    """The households of ``organization``'s subtree with their paired members (names are
    masked by the templates unless ``can_personal``)."""
    return (
        _subtree(Household, user=user, organization=organization)
        .select_related("village__village", "village__designation__county")
        .prefetch_related("pairings__member")
    )


def household_get(*, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW) -> Household:
    """One household: Http404 outside scope, PermissionDenied without ``action``."""
    found = get_scoped(
        Household.objects.select_related("village__village", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.organization)
    return found


def can_see_personal(user: Any, organization: Organization) -> bool:
    """Whether ``user`` sees households' names and phones unmasked (``assistance.manage``)."""
    return can(user, Action.ASSISTANCE_MANAGE, organization)


def entry_list(
    *, user: Any, organization: Organization, filters: Mapping[str, Any] | None = None
) -> QuerySet[LedgerEntry]:
    """The ledger of ``organization``'s subtree, newest first, narrowed by ``LedgerFilter``
    (year, county, kind, source, status, q) as the page, the API and the export share it.
    Raises ``PermissionDenied`` without ``assistance.view``."""
    queryset = _subtree(LedgerEntry, user=user, organization=organization).select_related(
        "county__county",
        "village__village",
        "household__village__village",
        "road_project",
        "reversal",
    )
    return LedgerFilter(filters or None, queryset=queryset).qs.order_by("-date", "-id")


def entry_get(*, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW) -> LedgerEntry:
    """One ledger row: Http404 outside scope, PermissionDenied without ``action``."""
    found = get_scoped(
        LedgerEntry.objects.select_related(
            "organization",
            "county__county",
            "village__village",
            "household__village__village",
            "road_project",
            "verified_by",
            "reverses",
        ),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.organization)
    return found


def document_get(*, user: Any, pk: int) -> LedgerDocument:
    """One ledger document, to those who may see its row (404 elsewhere)."""
    return get_scoped(LedgerDocument.objects.all(), user, Action.ASSISTANCE_VIEW, pk=pk)


def photo_get(*, user: Any, pk: int) -> VisitPhoto:
    """One visit photo: to those who may see assistance, and to the member who made the
    visit (their own pairing). 404 elsewhere."""
    found = VisitPhoto.objects.select_related("visit__pairing__member").filter(pk=pk).first()
    if found is not None and _own_pairing(user, found.visit.pairing):
        return found
    return get_scoped(VisitPhoto.objects.all(), user, Action.ASSISTANCE_VIEW, pk=pk)


def _own_pairing(user: Any, pairing: HouseholdPairing) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and pairing.member.user_id is not None
        and pairing.member.user_id == user.pk
    )


def my_pairings(*, user: Any) -> list[HouseholdPairing]:
    """The household pairings of the member linked to ``user`` (their "my pairings" page),
    with the households' villages and the last visits; empty without a linked member."""
    member = member_of_user(user)
    if member is None:
        return []
    return list(
        HouseholdPairing.objects.filter(member=member)
        .select_related("household__village__village", "member")
        .prefetch_related("visits")
        .order_by("household__village__village__code", "household_id")
    )


def pairing_get(*, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW) -> HouseholdPairing:
    """One household pairing: the paired member reaches their own; others need ``action``
    on its organization (Http404 outside scope, PermissionDenied inside it)."""
    found = (
        HouseholdPairing.objects.select_related(
            "household__village__village", "household__organization", "member"
        )
        .filter(pk=pk)
        .first()
    )
    if found is not None and _own_pairing(user, found):
        return found
    found = get_scoped(
        HouseholdPairing.objects.select_related(
            "household__village__village", "household__organization", "member"
        ),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.household.organization)
    return found


def pairing_list(*, user: Any, organization: Organization) -> QuerySet[HouseholdPairing]:
    """The member ↔ household pairings of ``organization``'s subtree."""
    return _subtree(HouseholdPairing, user=user, organization=organization).select_related(
        "household__village__village", "member"
    )


def visit_list(
    *, user: Any, organization: Organization, filters: Mapping[str, Any] | None = None
) -> QuerySet[Visit]:
    """The household visits of ``organization``'s subtree, newest first (``VisitFilter``:
    year, county)."""
    queryset = (
        _subtree(Visit, user=user, organization=organization)
        .select_related("pairing__member", "pairing__household__village__village")
        .prefetch_related("photos")
    )
    return VisitFilter(filters or None, queryset=queryset).qs.order_by("-date", "-id")


def target_list(
    *, user: Any, organization: Organization, year: int | None = None
) -> QuerySet[IndicatorTarget]:
    """The responsibility-letter targets of ``organization``'s subtree (of ``year``)."""
    queryset = _subtree(IndicatorTarget, user=user, organization=organization).select_related(
        "county__county"
    )
    return queryset.filter(year=year) if year else queryset


def target_get(*, user: Any, pk: int, action: str = Action.ASSISTANCE_VIEW) -> IndicatorTarget:
    """One target: Http404 outside scope, PermissionDenied without ``action``."""
    found = get_scoped(
        IndicatorTarget.objects.select_related("county__county", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )
    require(user, action, found.organization)
    return found


@dataclass
class IndicatorRow:
    """One indicator of a county and year: target, actual reported, actual from the ledger
    (verified rows only; None where the ledger does not measure it) and completion."""

    indicator: str
    label: str
    target: IndicatorTarget | None
    ledger: Decimal | None

    @property
    def completion(self) -> Decimal | None:
        if self.target is None:
            return None
        actual = self.target.actual if self.target.actual is not None else self.ledger
        return rules.completion(self.target.target, actual)


def _items(entries: QuerySet[LedgerEntry]) -> list[rules.Item]:
    return [
        rules.Item(kind, source, amount, quantity, -1 if reverses else 1)
        for kind, source, amount, quantity, reverses in entries.values_list(
            "kind", "source", "amount", "quantity", "reverses_id"
        )
    ]


def indicator_rows(*, user: Any, county: DesignatedCounty, year: int) -> list[IndicatorRow]:
    """Every responsibility-letter indicator of ``county`` in ``year`` (two queries). Raises
    ``PermissionDenied`` without ``assistance.view`` on the county's organization."""
    require(user, Action.ASSISTANCE_VIEW, county.organization)
    targets = {
        t.indicator: t
        for t in IndicatorTarget.objects.visible_to(user, Action.ASSISTANCE_VIEW).filter(
            county=county, year=year
        )
    }
    items = _items(
        LedgerEntry.objects.visible_to(user, Action.ASSISTANCE_VIEW).filter(
            county=county, date__year=year, status=LedgerEntry.Status.VERIFIED
        )
    )
    return [
        IndicatorRow(value, str(label), targets.get(value), rules.ledger_actual(value, items))
        for value, label in rules.Indicator.choices
    ]


@dataclass
class Totals:
    """Sums of ledger rows in yuan: the total, by type, by source and by year, and how many
    rows (reversals included, cancelling their originals)."""

    total: Decimal = ZERO
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    by_source: dict[str, Decimal] = field(default_factory=dict)
    by_year: dict[int, Decimal] = field(default_factory=dict)
    by_year_kind: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    rows: int = 0


def totals(entries: QuerySet[LedgerEntry]) -> Totals:
    """The sums of ``entries`` (already scoped and filtered) by year and type: one query."""
    result = Totals()
    by_year_kind: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in (
        entries.order_by()
        .values("date__year", "kind", "source")
        .annotate(amount=Sum("amount"), n=Count("id"))
    ):
        amount = row["amount"] or ZERO
        year, kind, source = row["date__year"], row["kind"], row["source"]
        result.total += amount
        result.rows += row["n"]
        result.by_kind[kind] = result.by_kind.get(kind, ZERO) + amount
        result.by_source[source] = result.by_source.get(source, ZERO) + amount
        result.by_year[year] = result.by_year.get(year, ZERO) + amount
        by_year_kind[year][kind] = by_year_kind[year].get(kind, ZERO) + amount
    result.by_year = dict(sorted(result.by_year.items()))
    result.by_year_kind = dict(sorted(by_year_kind.items()))
    return result


def totals_of(entries: list[LedgerEntry]) -> Totals:
    """The same sums as ``totals`` over rows already read (the export's), without a query."""
    result = Totals()
    for e in entries:
        year = e.date.year
        result.total += e.amount
        result.rows += 1
        result.by_kind[e.kind] = result.by_kind.get(e.kind, ZERO) + e.amount
        result.by_source[e.source] = result.by_source.get(e.source, ZERO) + e.amount
        result.by_year[year] = result.by_year.get(year, ZERO) + e.amount
        kinds = result.by_year_kind.setdefault(year, {})
        kinds[e.kind] = kinds.get(e.kind, ZERO) + e.amount
    result.by_year = dict(sorted(result.by_year.items()))
    result.by_year_kind = dict(sorted(result.by_year_kind.items()))
    return result


def ledger_totals(
    *,
    user: Any,
    organization: Organization,
    filters: Mapping[str, Any] | None = None,
    action: str = Action.ASSISTANCE_VIEW,
) -> Totals:
    """The ledger's sums for ``organization``'s subtree (``LedgerFilter`` applied): one query
    after the access check. ``action`` is ``dashboard.view`` for the department dashboard
    (aggregates only)."""
    queryset = _subtree(LedgerEntry, user=user, organization=organization, action=action)
    return totals(LedgerFilter(filters or None, queryset=queryset).qs)


def village_help(*, user: Any, county: DesignatedCounty, year: int) -> list[tuple[str, Decimal]]:
    """Each village's help in ``county`` in ``year`` (yuan; rows to households count for
    their village; rows to the county itself under the county's name)."""
    require(user, Action.ASSISTANCE_VIEW, county.organization)
    rows = (
        LedgerEntry.objects.visible_to(user, Action.ASSISTANCE_VIEW)
        .filter(county=county, date__year=year)
        .order_by()
        .values("village__village__name")
        .annotate(amount=Sum("amount"))
        .order_by("village__village__name")
    )
    return [(r["village__village__name"] or county.county.name, r["amount"]) for r in rows]


def pack_get(*, user: Any, pk: int) -> EvidencePack:
    """One evidence pack: Http404 outside scope; PermissionDenied without ``assistance.view``."""
    return get_scoped(
        EvidencePack.objects.select_related("county__county", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        pk=pk,
    )


def pack_list(*, user: Any, organization: Organization) -> QuerySet[EvidencePack]:
    """The evidence packs of ``organization``'s subtree, newest first."""
    return _subtree(EvidencePack, user=user, organization=organization).select_related(
        "county__county"
    )


def year_choices(*, user: Any, organization: Organization) -> list[int]:
    """The years that have ledger rows, newest first (for the filters and the pack form)."""
    return sorted(
        {
            d.year
            for d in _subtree(LedgerEntry, user=user, organization=organization).dates(
                "date", "year"
            )
        },
        reverse=True,
    )


@dataclass
class HomeSummary:
    """The home page's assistance line: rows waiting for verification, this year's total."""

    to_verify: int
    year: int
    year_total: Decimal


def home_summary(*, user: Any, organization: Organization, year: int) -> HomeSummary | None:
    """Rows still "recorded" and ``year``'s total (one query), or None when the
    organization keeps no ledger. Raises ``PermissionDenied`` without ``assistance.view``."""
    row = _subtree(LedgerEntry, user=user, organization=organization).aggregate(
        n=Count("id"),
        to_verify=Count("id", filter=Q(status=LedgerEntry.Status.RECORDED)),
        year_total=Sum("amount", filter=Q(date__year=year)),
    )
    if not row["n"]:
        return None
    return HomeSummary(row["to_verify"], year, row["year_total"] or ZERO)
