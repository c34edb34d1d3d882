"""Reads of the dues ledger, from the scoped querysets, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, scope
from branchwork.dues import rules
from branchwork.dues.models import (
    FeeBasis,
    MonthlyDue,
    PaidMonth,
    Payment,
    Reduction,
    Remittance,
    VoluntaryPayment,
)
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization

ZERO = Decimal("0.00")


def payments_visible(user: Any) -> QuerySet[Payment]:
    return scope(Payment.objects.all(), user, Action.DUES_VIEW)


def payment_get(user: Any, pk: int) -> Payment:
    return get_scoped(
        Payment.objects.select_related("member", "organization", "collector"),
        user,
        Action.DUES_VIEW,
        pk=pk,
    )


def dues_member_get(user: Any, pk: int) -> Member:
    return get_scoped(Member.objects.select_related("organization"), user, Action.DUES_VIEW, pk=pk)


def current_bases(org: Organization) -> list[tuple[Member, FeeBasis | None]]:
    """Every member on the roll with the basis in force this month (two queries)."""
    month = rules.month_start(timezone.localdate())
    members = list(
        Member.objects.filter(
            organization__path__startswith=org.path, status__in=ON_ROLL_STATUSES
        ).order_by("name_pinyin")
    )
    latest: dict[int, FeeBasis] = {}
    for basis in FeeBasis.objects.filter(member__in=members, effective_from__lte=month).order_by(
        "effective_from"
    ):
        latest[basis.member_id] = basis
    return [(m, latest.get(m.pk)) for m in members]


def _paid_flags(qs: QuerySet[MonthlyDue]) -> QuerySet[MonthlyDue]:
    active = PaidMonth.objects.filter(
        member=OuterRef("member"), month=OuterRef("month"), reversed_by__isnull=True
    )
    reversed_ = PaidMonth.objects.filter(
        member=OuterRef("member"), month=OuterRef("month"), reversed_by__isnull=False
    )
    return qs.annotate(is_paid=Exists(active), was_reversed=Exists(reversed_))


@dataclass
class SheetRow:
    member: Member
    due: MonthlyDue | None
    paid: PaidMonth | None


def collection_sheet(org: Organization, month: dt.date) -> list[SheetRow]:
    """The monthly collection sheet: every member, what they owe that month and the payment
    that covers it (three queries)."""
    members = list(
        Member.objects.filter(
            organization__path__startswith=org.path, status__in=ON_ROLL_STATUSES
        ).order_by("name_pinyin")
    )
    dues = {d.member_id: d for d in MonthlyDue.objects.filter(member__in=members, month=month)}
    paid = {
        p.member_id: p
        for p in PaidMonth.objects.filter(
            member__in=members, month=month, reversed_by__isnull=True
        ).select_related("payment")
    }
    return [SheetRow(m, dues.get(m.pk), paid.get(m.pk)) for m in members]


@dataclass
class LedgerMonth:
    month: dt.date
    due: Decimal | None
    payment: Payment | None
    reversed_payments: list[Payment] = field(default_factory=list)


def member_statement(member: Member, year: int) -> list[LedgerMonth]:
    months = rules.month_span(dt.date(year, 1, 1), dt.date(year, 12, 1))
    dues = {d.month: d.amount for d in MonthlyDue.objects.filter(member=member, month__year=year)}
    rows = {m: LedgerMonth(m, dues.get(m), None) for m in months}
    for paid in PaidMonth.objects.filter(member=member, month__year=year).select_related("payment"):
        if paid.reversed_by_id is None:
            rows[paid.month].payment = paid.payment
        else:
            rows[paid.month].reversed_payments.append(paid.payment)
    return list(rows.values())


@dataclass
class Arrears:
    member: Member
    unpaid_months: list[dt.date]
    consecutive: int
    amount: Decimal

    @property
    def level(self) -> str | None:
        return rules.arrears_level(self.consecutive)


def arrears(org: Organization, today: dt.date | None = None) -> list[Arrears]:
    """Members with unpaid months before the current month (three queries). The months in a
    row are counted back from the member's latest month that is due."""
    current = rules.month_start(today or timezone.localdate())
    unpaid = (
        _paid_flags(
            MonthlyDue.objects.filter(
                member__organization__path__startswith=org.path,
                member__status__in=ON_ROLL_STATUSES,
                month__lt=current,
                amount__gt=0,  # an exempted month owes nothing
            )
        )
        .filter(is_paid=False)
        .select_related("member")
        .order_by("member__name_pinyin", "month")
    )
    by_member: dict[int, Arrears] = {}
    for due in unpaid:
        entry = by_member.setdefault(due.member_id, Arrears(due.member, [], 0, ZERO))
        entry.unpaid_months.append(due.month)
        entry.amount += due.amount
    last_due = dict(
        MonthlyDue.objects.filter(member_id__in=by_member, month__lt=current)
        .values_list("member_id")
        .annotate(last=Max("month"))
    )
    for member_id, entry in by_member.items():
        entry.consecutive = rules.consecutive_unpaid(set(entry.unpaid_months), last_due[member_id])
    return sorted(by_member.values(), key=lambda a: (-a.consecutive, a.member.name_pinyin))


@dataclass
class Summary:
    org: Organization
    due: Decimal = ZERO
    collected: Decimal = ZERO
    arrears: Decimal = ZERO
    reversed: Decimal = ZERO
    not_yet_due: Decimal = ZERO
    remitted: Decimal = ZERO
    voluntary: Decimal = ZERO
    voluntary_to_centre: Decimal = ZERO
    members: int = 0

    @property
    def reconciles(self) -> bool:
        return self.due == self.collected + self.arrears + self.reversed + self.not_yet_due


def year_summary(
    org: Organization, year: int, today: dt.date | None = None
) -> tuple[Summary, list[Summary]]:
    """The year's totals for ``org``'s subtree and per branch: every due month is in exactly
    one bucket — collected (paid), reversed (its payment was reversed and it is unpaid),
    arrears (never paid, month passed) or not yet due — so the buckets add up to the dues.
    Four queries whatever the number of branches."""
    current = rules.month_start(today or timezone.localdate())
    branches = {
        o.pk: Summary(o)
        for o in Organization.objects.filter(
            path__startswith=org.path, org_type__in=["branch", "general_branch"]
        ).order_by("path")
    }
    dues = (
        _paid_flags(
            MonthlyDue.objects.filter(organization__path__startswith=org.path, month__year=year)
        )
        .values("organization_id")
        .annotate(
            due=Sum("amount"),
            collected=Sum("amount", filter=Q(is_paid=True)),
            reversed=Sum("amount", filter=Q(is_paid=False, was_reversed=True)),
            arrears=Sum("amount", filter=Q(is_paid=False, was_reversed=False, month__lt=current)),
            not_yet_due=Sum(
                "amount", filter=Q(is_paid=False, was_reversed=False, month__gte=current)
            ),
            members=Count("member", distinct=True),
        )
    )
    for row in dues:
        entry = branches.get(row["organization_id"])
        if entry is None:  # dues kept on a committee's own roll
            entry = branches[row["organization_id"]] = Summary(
                Organization.objects.get(pk=row["organization_id"])
            )
        for key in ("due", "collected", "reversed", "arrears", "not_yet_due"):
            setattr(entry, key, rules.round_yuan(row[key] or ZERO))
        entry.members = row["members"]
    for row in (
        Remittance.objects.filter(organization__path__startswith=org.path, paid_on__year=year)
        .values("organization_id")
        .annotate(total=Sum("amount"))
    ):
        if row["organization_id"] in branches:
            branches[row["organization_id"]].remitted = rules.round_yuan(row["total"])
    for row in (
        VoluntaryPayment.objects.filter(organization__path__startswith=org.path, paid_on__year=year)
        .values("organization_id")
        .annotate(total=Sum("amount"), centre=Sum("amount", filter=Q(remit_to_centre=True)))
    ):
        if row["organization_id"] in branches:
            branches[row["organization_id"]].voluntary = rules.round_yuan(row["total"])
            branches[row["organization_id"]].voluntary_to_centre = rules.round_yuan(
                row["centre"] or ZERO
            )
    total = Summary(org)
    for entry in branches.values():
        for key in (
            "due",
            "collected",
            "arrears",
            "reversed",
            "not_yet_due",
            "remitted",
            "voluntary",
            "voluntary_to_centre",
            "members",
        ):
            setattr(total, key, getattr(total, key) + getattr(entry, key))
    return total, list(branches.values())


def reductions_visible(user: Any, org: Organization) -> QuerySet[Reduction]:
    return (
        scope(Reduction.objects.all(), user, Action.DUES_VIEW)
        .filter(member__organization__path__startswith=org.path)
        .select_related("member", "member__organization")
    )
