"""Reads of the dues ledger, from the scoped querysets, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from branchwork.core.levels import Level
from branchwork.core.roles import Action
from branchwork.core.scoping import ScopedQuerySet, get_scoped, require
from branchwork.dues import rules
from branchwork.dues.filters import ArrearsFilter, PaymentFilter
from branchwork.dues.models import (
    Adjustment,
    FeeBasis,
    MonthlyDue,
    PaidMonth,
    Payment,
    Reduction,
    Remittance,
    VoluntaryPayment,
)
from branchwork.members.models import Member, Transfer
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization

ZERO = Decimal("0.00")
M = TypeVar("M", bound=Model)


def _subtree(
    model: type[M], *, user: Any, organization: Organization, action: str = Action.DUES_VIEW
) -> ScopedQuerySet[M]:
    """The rows of ``model`` in ``organization``'s subtree that ``user`` may do ``action`` on,
    after ``require`` (so no org-wide list can be read without the action on the organization).
    """
    require(user, action, organization)
    return model.objects.visible_to(user, action).in_subtree(organization)  # type: ignore[attr-defined,no-any-return]


def quote(category: str, base: Decimal | None) -> rules.Quote:
    """The monthly fee of a fee category and a monthly base in yuan, with the installation's
    farmer fee (setting DUES_FARMER_FEE, 党费规定 Art. 6). Reads no data, so no scope.
    Raises ``rules.DuesError`` as ``rules.quote`` does."""
    return rules.quote(category, base, settings.DUES_FARMER_FEE)


def payments_visible(*, user: Any) -> ScopedQuerySet[Payment]:
    """Every payment ``user`` may view (``dues.view``)."""
    return Payment.objects.visible_to(user, Action.DUES_VIEW)


def payment_list(
    *, user: Any, organization: Organization, filters: Mapping[str, Any] | None = None
) -> QuerySet[Payment]:
    """The payments of ``organization``'s subtree, newest first, narrowed by ``PaymentFilter``
    (``filters``: the page's GET, the API's query or the export's; bad values are ignored).
    Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    queryset = (
        _subtree(Payment, user=user, organization=organization)
        .select_related("member", "organization", "reversal")
        .order_by("-paid_on", "-id")
    )
    return PaymentFilter(filters or None, queryset=queryset).qs


def payment_get(*, user: Any, pk: int, action: str = Action.DUES_VIEW) -> Payment:
    """One payment: Http404 outside ``user``'s dues scope, PermissionDenied inside it without
    ``action`` (a ``core.roles.Action``)."""
    payment = get_scoped(
        Payment.objects.select_related("member", "organization", "collector"),
        user,
        Action.DUES_VIEW,
        pk=pk,
    )
    require(user, action, payment.organization)
    return payment


def dues_member_get(*, user: Any, pk: int, action: str = Action.DUES_VIEW) -> Member:
    """One member, for their dues: Http404 outside ``user``'s dues scope, PermissionDenied
    inside it without ``action``."""
    member = get_scoped(
        Member.objects.select_related("organization"), user, Action.DUES_VIEW, pk=pk
    )
    require(user, action, member.organization)
    return member


def reduction_get(*, user: Any, pk: int, action: str = Action.DUES_VIEW) -> Reduction:
    """One reduction or exemption request: Http404 outside ``user``'s dues scope,
    PermissionDenied inside it without ``action``."""
    reduction = get_scoped(
        Reduction.objects.select_related("member__organization"), user, Action.DUES_VIEW, pk=pk
    )
    require(user, action, reduction.member.organization)
    return reduction


def members_on_roll(*, user: Any, organization: Organization) -> QuerySet[Member]:
    """The members on the roll of ``organization``'s subtree whose dues ``user`` may view, by
    pinyin. Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    return (
        _subtree(Member, user=user, organization=organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .order_by("name_pinyin")
    )


def current_bases(*, user: Any, organization: Organization) -> list[tuple[Member, FeeBasis | None]]:
    """Every member on the roll with the basis in force this month (two queries).
    Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    month = rules.month_start(timezone.localdate())
    members = list(members_on_roll(user=user, organization=organization))
    latest: dict[int, FeeBasis] = {}
    for basis in FeeBasis.objects.filter(member__in=members, effective_from__lte=month).order_by(
        "effective_from"
    ):
        latest[basis.member_id] = basis
    return [(m, latest.get(m.pk)) for m in members]


def members_without_basis(
    *, user: Any, organization: Organization, today: dt.date | None = None
) -> list[Member]:
    """The members on the roll of ``organization``'s subtree who owe dues by ``today``'s month
    (from the month the general meeting admitted them, 党费规定 Art. 8) but have no dues basis
    in force in it: "no basis", which is not "owes nothing" (nothing can be generated for
    them until the basis is fixed). By pinyin; two queries. Raises ``PermissionDenied``
    without ``dues.view`` on ``organization``."""
    month = rules.month_start(today or timezone.localdate())
    with_basis = FeeBasis.objects.filter(member=OuterRef("pk"), effective_from__lte=month)
    return list(
        members_on_roll(user=user, organization=organization)
        .filter(admitted_on__lt=rules.add_months(month, 1))
        .exclude(Exists(with_basis))
        .select_related("organization")
    )


def basis_in_force(member: Member, month: dt.date) -> FeeBasis | None:
    """The member's dues basis in force in ``month`` (a date in it), or None. The caller has
    already fetched ``member`` through a scoped lookup or as the user's own record."""
    return member.fee_bases.filter(effective_from__lte=rules.month_start(month)).first()


def open_adjustments(member: Member) -> list[Adjustment]:
    """The member's differences on months already paid that no payment has settled yet, by
    month (yuan; positive: owed after a raise, negative: credited after a reduction): what
    the next payment adds or takes off. The caller has fetched ``member`` through a scoped
    lookup (``dues_member_get``) or is the payment service."""
    return list(Adjustment.objects.filter(member=member, settled_by__isnull=True))


def remittance_list(*, user: Any, organization: Organization) -> QuerySet[Remittance]:
    """Remittances of ``organization``'s subtree to the higher committee, newest first.
    Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    return _subtree(Remittance, user=user, organization=organization).select_related("organization")


def ledger_list(*, user: Any, organization: Organization, year: int) -> QuerySet[MonthlyDue]:
    """The monthly dues of ``year`` in ``organization``'s subtree, by member and month.
    Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    return (
        _subtree(MonthlyDue, user=user, organization=organization)
        .filter(month__year=year)
        .order_by("member_id", "month")
    )


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
    # Owes dues this month (admitted by its end, 党费规定 Art. 8) but no basis is in force:
    # "no basis", not "owes nothing".
    no_basis: bool = False


def collection_sheet(*, user: Any, organization: Organization, month: dt.date) -> list[SheetRow]:
    """The monthly collection sheet: every member on the roll of ``organization``'s subtree,
        what they owe in ``month`` (its first day), the payment that covers it, and whether they
    owe dues that month with no basis in force (``no_basis``; four queries).
        Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    members = list(members_on_roll(user=user, organization=organization))
    dues = {d.member_id: d for d in MonthlyDue.objects.filter(member__in=members, month=month)}
    paid = {
        p.member_id: p
        for p in PaidMonth.objects.filter(
            member__in=members, month=month, reversed_by__isnull=True
        ).select_related("payment")
    }
    with_basis = set(
        FeeBasis.objects.filter(member__in=members, effective_from__lte=month).values_list(
            "member_id", flat=True
        )
    )
    owes_from = rules.add_months(month, 1)
    return [
        SheetRow(
            m,
            dues.get(m.pk),
            paid.get(m.pk),
            no_basis=m.pk not in with_basis and m.admitted_on < owes_from,
        )
        for m in members
    ]


@dataclass
class LedgerMonth:
    month: dt.date
    due: Decimal | None
    payment: Payment | None
    reversed_payments: list[Payment] = field(default_factory=list)


def member_statement(*, user: Any, member: Member, year: int) -> list[LedgerMonth]:
    """The twelve months of ``year`` for ``member``: what was due, the payment that covers each
    month and the payments reversed. ``user`` is the member themselves (their own dues page) or
    someone with ``dues.view`` on the member's organization; anyone else gets
    ``PermissionDenied``."""
    if member.user_id is None or member.user_id != getattr(user, "pk", None):
        require(user, Action.DUES_VIEW, member.organization)
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
    # Where the member went when the debt is on the books of an organization they have left
    # (transferred out, or moved to another organization in Branchwork); "" while they are here.
    left_for: str = ""

    @property
    def level(self) -> Level | None:
        return rules.arrears_level(self.consecutive)


# A member who has left by transfer still owes what they owed to the organization they left:
# the debt stays in its arrears (issue 11). Deceased and removed members are not listed.
OWING_STATUSES = ON_ROLL_STATUSES | {"transferred_out"}


def arrears(
    *,
    user: Any,
    organization: Organization,
    today: dt.date | None = None,
    filters: Mapping[str, Any] | None = None,
) -> list[Arrears]:
    """Members with unpaid months before the current month on the books of ``organization``'s
    subtree (two queries), most months in a row first. The months in a row are the longest run
    of consecutive unpaid months, wherever it lies (党章 Art. 9; levels from
    ``rules.arrears_level``). The books decide, not the roll: a member transferred away still
    appears under the organization the months are owed to, with ``left_for`` saying where they
    went. ``filters`` are ``ArrearsFilter``'s (search, level); bad values are ignored. Raises
    ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    dues = _subtree(MonthlyDue, user=user, organization=organization)
    return _arrears(dues.filter(member__status__in=OWING_STATUSES), today, filters)


def subtree_arrears(organization: Organization, today: dt.date | None = None) -> list[Arrears]:
    """``arrears`` without the access check, for the ``dues arrears`` command (which runs as
    the installation): every unpaid month on the books of ``organization``'s subtree."""
    dues = MonthlyDue.objects.in_subtree(organization).filter(member__status__in=OWING_STATUSES)
    return _arrears(dues, today, None)


def _after_transfer_away() -> Exists:
    """A monthly due of a month after the one in which its member was transferred away from
    the organization whose books hold it. The sending organization keeps the months up to and
    including the month of the transfer letter; a later month generated there (the transfer
    recorded late, after the ledger ran) was never owed to it."""
    return Exists(
        Transfer.objects.filter(
            member=OuterRef("member_id"), from_organization=OuterRef("organization_id")
        )
        .annotate(issued_month=TruncMonth("issued_on"))
        .filter(issued_month__lt=OuterRef("month"))
    )


def _arrears(
    dues: QuerySet[MonthlyDue], today: dt.date | None, filters: Mapping[str, Any] | None
) -> list[Arrears]:
    current = rules.month_start(today or timezone.localdate())
    unpaid = _paid_flags(
        dues.filter(month__lt=current, amount__gt=0).exclude(  # an exempted month owes nothing
            _after_transfer_away()
        )
    ).filter(is_paid=False)  # type: ignore[misc]  # annotated by _paid_flags
    filterset = ArrearsFilter(filters or None, queryset=unpaid)
    level = filterset.form.cleaned_data.get("level") if filterset.is_valid() else None
    by_member: dict[int, Arrears] = {}
    for due in filterset.qs.select_related("member__organization").order_by(
        "member__name_pinyin", "month"
    ):
        entry = by_member.setdefault(due.member_id, Arrears(due.member, [], 0, ZERO))
        entry.unpaid_months.append(due.month)
        entry.amount += due.amount
        member = due.member
        if member.status == "transferred_out":
            entry.left_for = member.status_detail or "—"
        elif member.organization_id != due.organization_id:
            entry.left_for = member.organization.name
    for entry in by_member.values():
        entry.consecutive = rules.longest_run(set(entry.unpaid_months))
    rows = sorted(by_member.values(), key=lambda a: (-a.consecutive, a.member.name_pinyin))
    return [a for a in rows if not level or a.level == level]


def member_arrears(member: Member, today: dt.date | None = None) -> Arrears | None:
    """``member``'s unpaid months before ``today``'s month on every organization's books, or
    None when they owe nothing: what the transfer page warns about. The caller has fetched
    ``member`` through a scoped lookup. Two queries."""
    rows = _arrears(MonthlyDue.objects.filter(member=member), today, None)
    return rows[0] if rows else None


def paid_through(member: Member) -> dt.date | None:
    """The last month (its first day) up to which ``member``'s dues are paid without a gap:
    every month with dues until it is paid or exempted, and months paid ahead after the last
    generated one count too. What a transfer letter states (党费交至某年某月). None when no
    month has been paid or exempted yet. The caller has fetched ``member`` through a scoped
    lookup. Two queries."""
    through: dt.date | None = None
    for due in _paid_flags(MonthlyDue.objects.filter(member=member)).order_by("month"):
        if due.amount > 0 and not due.is_paid:  # type: ignore[attr-defined]  # _paid_flags
            return through
        through = due.month
    # Months paid ahead of the ledger (a payment may cover months not generated yet).
    ahead = set(
        PaidMonth.objects.filter(member=member, reversed_by__isnull=True).values_list(
            "month", flat=True
        )
    )
    if through is None:
        # Nothing generated: paid ahead from the first paid month, if any.
        if not ahead:
            return None
        through = rules.add_months(min(ahead), -1)
    while rules.add_months(through, 1) in ahead:
        through = rules.add_months(through, 1)
    return through


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
    *,
    user: Any,
    organization: Organization,
    year: int,
    today: dt.date | None = None,
    action: str = Action.DUES_VIEW,
) -> tuple[Summary, list[Summary]]:
    """The year's totals in yuan for ``organization``'s subtree and per branch: every due month
    is in exactly one bucket — collected (paid), reversed (its payment was reversed and it is
    unpaid), arrears (never paid, month passed) or not yet due — so the buckets add up to the
    dues. Four queries whatever the number of branches. ``action`` is ``dues.view`` for the
    report and ``org.view`` for the yearly publication to the members (党务公开). Raises
    ``PermissionDenied`` without ``action`` on ``organization``."""
    require(user, action, organization)
    org = organization
    current = rules.month_start(today or timezone.localdate())
    branches = {
        o.pk: Summary(o)
        for o in Organization.objects.visible_to(user, action)
        .in_subtree(org)
        .filter(org_type__in=["branch", "general_branch"])
        .order_by("path")
    }
    dues = (
        _paid_flags(
            MonthlyDue.objects.visible_to(user, action).in_subtree(org).filter(month__year=year)
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
        Remittance.objects.visible_to(user, action)
        .in_subtree(org)
        .filter(paid_on__year=year)
        .values("organization_id")
        .annotate(total=Sum("amount"))
    ):
        if row["organization_id"] in branches:
            branches[row["organization_id"]].remitted = rules.round_yuan(row["total"])
    for row in (
        VoluntaryPayment.objects.visible_to(user, action)
        .in_subtree(org)
        .filter(paid_on__year=year)
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


def reduction_list(*, user: Any, organization: Organization) -> QuerySet[Reduction]:
    """Reduction and exemption requests of ``organization``'s subtree (党费规定 Art. 7).
    Raises ``PermissionDenied`` without ``dues.view`` on ``organization``."""
    return _subtree(Reduction, user=user, organization=organization).select_related(
        "member", "member__organization"
    )


def paid_per_member(
    *, user: Any, organization: Organization, year: int, action: str = Action.DUES_PUBLICATION
) -> list[tuple[str, Decimal]]:
    """Dues paid in yuan per member on the roll of ``organization``'s subtree for the months of
    ``year`` (the yearly publication to the members, 党务公开; ``action`` ``dues.publication``:
    members and the roles that see dues, not the department's leader or engineer).
    Raises ``PermissionDenied`` without ``action`` on ``organization``."""
    members = _subtree(Member, user=user, organization=organization, action=action).filter(
        status__in=ON_ROLL_STATUSES
    )
    paid = dict(
        PaidMonth.objects.filter(member__in=members, month__year=year, reversed_by__isnull=True)
        .values_list("member_id")
        .annotate(total=Sum("amount"))
    )
    return [
        (m.name, rules.round_yuan(paid.get(m.pk, ZERO))) for m in members.order_by("name_pinyin")
    ]


# --- Dashboards and the member's own next steps ----------------------------------------------


@dataclass
class Owed:
    """What a member owes: the unpaid months (first days) before the current month and their
    total in yuan."""

    months: list[dt.date]
    amount: Decimal


def my_dues_owed(*, user: Any, today: dt.date | None = None) -> Owed:
    """The signed-in ``user``'s own unpaid months before ``today``'s month (an exempted month,
    amount 0, owes nothing) and their total in yuan: the first of their next steps on the
    home page. A member reads their own dues, so no role is needed; a user without a member
    record owes nothing. One query."""
    if not getattr(user, "is_authenticated", False):
        return Owed([], ZERO)
    current = rules.month_start(today or timezone.localdate())
    unpaid = (
        _paid_flags(MonthlyDue.objects.filter(member__user=user, month__lt=current, amount__gt=0))
        .filter(is_paid=False)  # type: ignore[misc]  # annotated by _paid_flags
        .order_by("month")
    )
    months, amount = [], ZERO
    for due in unpaid:
        months.append(due.month)
        amount += due.amount
    return Owed(months, rules.round_yuan(amount))


@dataclass
class Collection:
    """Dues collection of one organization (or a total) for the months of a year that have
    passed: ``due`` and ``collected`` in yuan, and ``arrears_alerts``, the members whose
    unpaid months in a row carry a level (``rules.arrears_level``, 党章 Art. 9)."""

    due: Decimal = ZERO
    collected: Decimal = ZERO
    arrears_alerts: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Collected as a percentage of due, to one decimal; None when nothing was due."""
        if not self.due:
            return None
        return (self.collected * 100 / self.due).quantize(Decimal("0.1"))


def collection_figures(
    *, user: Any, organization: Organization, year: int, today: dt.date | None = None
) -> tuple[Collection, dict[int, Collection]]:
    """The dues collection rate of ``year`` so far for the dashboards (``dashboard.view``):
    the months of ``year`` before ``today``'s month with something due (an exempted month
    is not counted), the total for ``organization``'s subtree and per organization id that
    keeps dues (a branch). Aggregates only, never a member's name or amount. Two queries
    whatever the number of branches. Raises ``PermissionDenied`` without ``dashboard.view``
    on ``organization``."""
    dues = _subtree(MonthlyDue, user=user, organization=organization, action=Action.DASHBOARD_VIEW)
    current = rules.month_start(today or timezone.localdate())
    passed = _paid_flags(dues.filter(month__year=year, month__lt=current, amount__gt=0))
    per_org: dict[int, Collection] = {}
    for row in passed.values("organization_id").annotate(
        due=Sum("amount"), collected=Sum("amount", filter=Q(is_paid=True))
    ):
        per_org[row["organization_id"]] = Collection(
            rules.round_yuan(row["due"] or ZERO), rules.round_yuan(row["collected"] or ZERO)
        )
    # Arrears alerts count every unpaid month before this one, whatever its year (as the
    # arrears list does).
    unpaid: dict[tuple[int, int], set[dt.date]] = {}
    for org_id, member_id, month in (
        _paid_flags(dues.filter(month__lt=current, amount__gt=0))
        .filter(is_paid=False)  # type: ignore[misc]  # annotated by _paid_flags
        .values_list("organization_id", "member_id", "month")
    ):
        unpaid.setdefault((org_id, member_id), set()).add(month)
    for (org_id, _member_id), months in unpaid.items():
        if rules.arrears_level(rules.longest_run(months)) is not None:
            per_org.setdefault(org_id, Collection()).arrears_alerts += 1
    total = Collection()
    for entry in per_org.values():
        total.due += entry.due
        total.collected += entry.collected
        total.arrears_alerts += entry.arrears_alerts
    return total, per_org


def collection_by_month(
    *, user: Any, organization: Organization, year: int, today: dt.date | None = None
) -> list[tuple[dt.date, Collection]]:
    """The dues collection of ``year`` month by month for the dashboards' charts
    (``dashboard.view``): for each month of ``year`` before ``today``'s month, in order, its
    first day and what was due and collected in ``organization``'s subtree (an exempted
    month, amount 0, is not counted; a month with nothing due is listed with zeros). The
    months add up to ``collection_figures``' total; arrears alerts are not counted here.
    Aggregates only. One query. Raises ``PermissionDenied`` without ``dashboard.view`` on
    ``organization``."""
    dues = _subtree(MonthlyDue, user=user, organization=organization, action=Action.DASHBOARD_VIEW)
    current = rules.month_start(today or timezone.localdate())
    passed = _paid_flags(dues.filter(month__year=year, month__lt=current, amount__gt=0))
    found = {
        row["month"]: Collection(
            rules.round_yuan(row["due"] or ZERO), rules.round_yuan(row["collected"] or ZERO)
        )
        for row in passed.order_by()
        .values("month")
        .annotate(due=Sum("amount"), collected=Sum("amount", filter=Q(is_paid=True)))
    }
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    return [(month, found.get(month, Collection())) for month in months if month < current]
