"""Every write to the dues ledger, in transactions, taking the acting user (``actor``) and
writing its activity line (``save_as`` for one record, ``record_bulk`` for a bulk write)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user, expect_version, record_bulk, save_as
from branchwork.core.roles import Action
from branchwork.core.scoping import can_above
from branchwork.dues import rules, selectors
from branchwork.dues.models import (
    Adjustment,
    FeeBasis,
    MonthlyDue,
    PaidMonth,
    Payment,
    Reduction,
    Remittance,
    Reversal,
    VoluntaryPayment,
)
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization


@transaction.atomic
def basis_set(
    *,
    actor: Any,
    member: Member,
    category: str,
    base: Decimal | None,
    effective_from: dt.date,
    payslip_items: str = "",
    note: str = "",
    version: int | None = None,
) -> FeeBasis:
    """Fix a member's dues from a month on (the yearly fixing in January, or a change from the
    month the new pay is received; 党费规定 Arts. 2-6).

    Args: ``category`` a ``rules.FeeCategory`` value; ``base`` the monthly base in yuan (for
    employed and retired members); ``effective_from`` any day of the first month; ``version``
    the version of that month's basis the change was made from (a page's hidden field, the
    API's body), or None for the stored one. Replaces a basis of the same month; once dues
    were generated from it only its payslip items and note may change (the fee stays). Months
    already generated from that month on follow the new basis (``_reprice``: unpaid months
    repriced, paid months keep their amount and the difference is owed at the next payment).
    Saving a basis unchanged writes nothing. Raises ``ValidationError`` (``base``: the quote
    refuses; ``effective_from``: dues already generated from it) and ``StaleEdit`` (someone
    else changed that month's basis since ``version``).
    """
    month = rules.month_start(effective_from)
    try:
        result = rules.quote(category, base, settings.DUES_FARMER_FEE)
    except rules.DuesError as exc:
        raise ValidationError({"base": [str(exc)]}) from None
    base = base if category in rules.BRACKETS else None
    existing = FeeBasis.objects.filter(member=member, effective_from=month).first()
    if existing is not None:
        expect_version(existing, version)
        same_fee = (existing.category, existing.base, existing.monthly_fee) == (
            category,
            base,
            result.monthly_fee,
        )
        if same_fee and (existing.payslip_items, existing.note) == (payslip_items, note):
            return existing  # saved unchanged: nothing to write, nothing to reprice
        if not same_fee and existing.dues.exists():
            raise ValidationError(
                {
                    "effective_from": [
                        _(
                            "Dues from %(month)s were already generated with the basis of that "
                            "month; set the new basis from a later month."
                        )
                        % {"month": f"{month:%Y-%m}"}
                    ]
                }
            )
        basis = existing
    else:
        basis = FeeBasis(member=member, effective_from=month)
        same_fee = False
    basis.category = category
    basis.base = base
    basis.monthly_fee = result.monthly_fee
    basis.rule = result.rule[:400]
    basis.payslip_items = payslip_items
    basis.note = note
    basis.approved_by = acting_user(actor)
    save_as(basis, actor)
    if not same_fee:
        _reprice(actor, member, month, _("basis from %(month)s") % {"month": f"{month:%Y-%m}"})
    return basis


def _reprice(actor: Any, member: Member, first: dt.date, reason: str) -> tuple[int, int]:
    """Bring the member's generated months from ``first`` on in line with the bases and
    approved reductions now in force: an unpaid month takes the new amount (one bulk activity
    line); a paid month keeps what was paid and the difference is recorded as an
    ``Adjustment`` for the next payment (the ledger stays append-only). Returns (months
    repriced, differences recorded)."""
    dues = list(MonthlyDue.objects.filter(member=member, month__gte=first).order_by("month"))
    if not dues:
        return 0, 0
    bases = list(FeeBasis.objects.filter(member=member).order_by("-effective_from"))
    reductions = list(Reduction.objects.filter(member=member, state=Reduction.State.APPROVED))
    paid = dict(
        PaidMonth.objects.filter(
            member=member, month__gte=first, reversed_by__isnull=True
        ).values_list("month", "amount")
    )
    recorded: dict[dt.date, Decimal] = {}
    for month, amount in Adjustment.objects.filter(member=member, month__gte=first).values_list(
        "month", "amount"
    ):
        recorded[month] = recorded.get(month, Decimal("0")) + amount
    repriced: list[MonthlyDue] = []
    differences = 0
    for due in dues:
        basis, amount = _fee_for(member, due.month, bases, reductions)
        if basis is None or amount is None:
            continue
        if due.month in paid:
            difference = amount - paid[due.month] - recorded.get(due.month, Decimal("0"))
            if difference:
                save_as(
                    Adjustment(
                        member=member,
                        organization=due.organization,
                        month=due.month,
                        amount=difference,
                        reason=reason[:300],
                    ),
                    actor,
                )
                differences += 1
        elif due.amount != amount or due.basis_id != basis.pk:
            due.amount, due.basis = amount, basis
            repriced.append(due)
    if repriced:
        MonthlyDue.objects.bulk_update(repriced, ["amount", "basis"])
        record_bulk(
            actor=actor,
            model=MonthlyDue,
            count=len(repriced),
            organization=member.organization,
            note=f"{member.name}: repriced {_span([d.month for d in repriced])} ({reason})",
        )
    return len(repriced), differences


def _fee_for(member: Member, month: dt.date, bases: list[FeeBasis], reductions: list[Reduction]):
    basis = next((b for b in bases if b.effective_from <= month), None)
    if basis is None:
        return None, None
    amount = basis.monthly_fee
    for reduction in reductions:
        if reduction.first_month <= month <= reduction.last_month:
            amount = min(amount, reduction.monthly_fee)
    return basis, amount


def _first_month_owed(member: Member) -> dt.date:
    return rules.first_month_owed(member.admitted_on)


def _span(months: list[dt.date]) -> str:
    return f"{months[0]:%Y-%m}" if len(months) == 1 else f"{months[0]:%Y-%m} to {months[-1]:%Y-%m}"


@transaction.atomic
def ledger_generate(
    *, actor: Any, organization: Organization, year: int, through: dt.date | None = None
) -> int:
    """Create the monthly dues of ``year`` up to the month of ``through`` (default: the
    current month, or December for a past year) for every member on the roll of
    ``organization`` and the organizations under it, from each member's first month owed
    (党费规定 Art. 8) with the basis and approved reductions in force. Idempotent: months
    already generated are left as they are. Returns how many monthly dues were created and
    writes one bulk activity line for them (none when nothing was created)."""
    today = timezone.localdate()
    if through is None:
        through = dt.date(year, 12, 1) if year < today.year else rules.month_start(today)
    last = min(rules.month_start(through), dt.date(year, 12, 1))
    months = rules.month_span(dt.date(year, 1, 1), last) if last.year == year else []
    members = list(
        Member.objects.in_subtree(organization)
        .filter(status__in=ON_ROLL_STATUSES)
        .select_related("organization")
    )
    return _generate(actor, organization, members, months)


def _generate(
    actor: Any, organization: Organization, members: list[Member], months: list[dt.date]
) -> int:
    if not members or not months:
        return 0
    ids = [m.pk for m in members]
    existing = set(
        MonthlyDue.objects.filter(member_id__in=ids, month__in=months).values_list(
            "member_id", "month"
        )
    )
    bases: dict[int, list[FeeBasis]] = {}
    for basis in FeeBasis.objects.filter(member_id__in=ids).order_by("-effective_from"):
        bases.setdefault(basis.member_id, []).append(basis)
    reductions: dict[int, list[Reduction]] = {}
    for reduction in Reduction.objects.filter(member_id__in=ids, state=Reduction.State.APPROVED):
        reductions.setdefault(reduction.member_id, []).append(reduction)
    new = []
    for member in members:
        for month in months:
            if (member.pk, month) in existing or month < _first_month_owed(member):
                continue
            basis, amount = _fee_for(
                member, month, bases.get(member.pk, []), reductions.get(member.pk, [])
            )
            if basis is None:
                continue
            new.append(
                MonthlyDue(
                    member=member,
                    organization=member.organization,
                    month=month,
                    amount=amount,
                    basis=basis,
                )
            )
    # ignore_conflicts: two people generating at the same moment both succeed, once.
    MonthlyDue.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new:
        record_bulk(
            actor=actor,
            model=MonthlyDue,
            count=len(new),
            organization=organization,
            note=f"generated {len(new)} monthly dues for {_span(months)}",
        )
    return len(new)


@transaction.atomic
def payment_record(
    *,
    actor: Any,
    member: Member,
    first_month: dt.date,
    last_month: dt.date,
    amount: Decimal,
    paid_on: dt.date,
    method: str,
    receipt_number: str,
    note: str = "",
) -> Payment:
    """Record a payment of ``amount`` yuan covering the months ``first_month`` to
    ``last_month`` (any day of each) for ``member``, with its receipt number.

    The months must be at most DUES_MAX_MONTHS_AT_ONCE and within that many months of
    ``paid_on`` (党费规定 Art. 12), not before the member's first month owed (Art. 8), not paid
    already, and the amount must be exactly what they owe, including the differences still
    open on months already paid (``selectors.open_adjustments``, which this payment
    settles); months paid ahead are generated first. Writes the payment's activity line and
    one bulk line for its paid months.
    Raises ``ValidationError`` (field -> message) for each refusal, including a receipt number
    already used or a payment recorded at the same moment by someone else.
    """
    months = rules.month_span(first_month, last_month)
    limit = settings.DUES_MAX_MONTHS_AT_ONCE
    try:
        rules.check_months_at_once(months, limit)
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
        rules.check_payment_window(months, paid_on, limit)
    except rules.DuesError as exc:
        raise ValidationError({"last_month": [str(exc)]}) from None
    if months[0] < _first_month_owed(member):
        raise ValidationError(
            {
                "first_month": [
                    _("%(name)s owes dues from %(month)s.")
                    % {"name": member.name, "month": f"{_first_month_owed(member):%Y-%m}"}
                ]
            }
        )
    # Paying ahead: the future months are generated now.
    _generate(actor, member.organization, [member], months)
    dues = {d.month: d for d in MonthlyDue.objects.filter(member=member, month__in=months)}
    missing = [m for m in months if m not in dues]
    if missing:
        raise ValidationError(
            {
                "first_month": [
                    _("No dues basis covers %(months)s; fix the member's basis first.")
                    % {"months": ", ".join(f"{m:%Y-%m}" for m in missing)}
                ]
            }
        )
    already = sorted(
        PaidMonth.objects.filter(
            member=member, month__in=months, reversed_by__isnull=True
        ).values_list("month", flat=True)
    )
    if already:
        raise ValidationError(
            {
                "first_month": [
                    _("Already paid: %(months)s.")
                    % {"months": ", ".join(f"{m:%Y-%m}" for m in already)}
                ]
            }
        )
    expected = sum((dues[m].amount for m in months), Decimal("0"))
    adjustments = selectors.open_adjustments(member)
    difference = sum((a.amount for a in adjustments), Decimal("0"))
    if amount != expected + difference:
        values = {
            "months": len(months),
            "first": f"{months[0]:%Y-%m}",
            "expected": expected + difference,
            "amount": amount,
            "difference": difference,
        }
        message = (
            _(
                "%(months)d months from %(first)s come to %(expected)s yuan, not %(amount)s "
                "(including %(difference)s yuan of differences on months already paid)."
            )
            if difference
            else _("%(months)d months from %(first)s come to %(expected)s yuan, not %(amount)s.")
        )
        raise ValidationError({"amount": [message % values]})
    receipt = receipt_number.strip()
    if not receipt:
        raise ValidationError({"receipt_number": [_("Give the receipt number.")]})
    payment = Payment(
        member=member,
        organization=member.organization,
        paid_on=paid_on,
        first_month=months[0],
        last_month=months[-1],
        amount=amount,
        method=method,
        receipt_number=receipt,
        collector=acting_user(actor),
        note=note,
    )
    try:
        with transaction.atomic():
            save_as(payment, actor)
            PaidMonth.objects.bulk_create(
                [
                    PaidMonth(payment=payment, member=member, month=m, amount=dues[m].amount)
                    for m in months
                ]
            )
            record_bulk(
                actor=actor,
                model=PaidMonth,
                count=len(months),
                organization=member.organization,
                note=f"{member.name}: paid {_span(months)} (receipt {receipt})",
            )
            for adjustment in adjustments:
                adjustment.settled_by = payment
                save_as(adjustment, actor, note=f"settled by receipt {receipt}")
    except IntegrityError:
        raise ValidationError(
            {
                "receipt_number": [
                    _(
                        "This payment was just recorded by someone else, or receipt %(receipt)s "
                        "is already used."
                    )
                    % {"receipt": receipt}
                ]
            }
        ) from None
    return payment


@transaction.atomic
def payment_reverse(*, actor: Any, payment: Payment, reason: str) -> Reversal:
    """Reverse a payment (a wrong receipt, a payment recorded twice): its months are unpaid
    again and the payment stays on the books. Writes the reversal's activity line and one bulk
    line for the months it reopens. Raises ``ValidationError`` without a reason or when the
    payment is already reversed."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the payment is reversed.")]})
    if Reversal.objects.filter(payment=payment).exists():
        raise ValidationError({"reason": [_("This payment is already reversed.")]})
    reversal = Reversal(payment=payment, reason=reason.strip(), actor=acting_user(actor))
    try:
        with transaction.atomic():
            save_as(reversal, actor)
    except IntegrityError:  # reversed by someone else at the same moment
        raise ValidationError({"reason": [_("This payment is already reversed.")]}) from None
    months = list(
        PaidMonth.objects.filter(payment=payment).order_by("month").values_list("month", flat=True)
    )
    count = PaidMonth.objects.filter(payment=payment).update(reversed_by=reversal)
    record_bulk(
        actor=actor,
        model=PaidMonth,
        count=count,
        organization=payment.organization,
        note=f"reversed {_span(months) if months else 'no months'} "
        f"(receipt {payment.receipt_number})",
    )
    return reversal


@transaction.atomic
def voluntary_record(
    *,
    actor: Any,
    member: Member,
    paid_on: dt.date,
    amount: Decimal,
    receipt_number: str,
    note: str = "",
) -> VoluntaryPayment:
    """Record a one-off voluntary payment of ``amount`` yuan; 1,000 yuan or more is marked for
    remittance in full to the Centre (党费规定 Art. 11). Raises ``ValidationError`` for an
    amount of zero or less or a receipt number already used."""
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    payment = VoluntaryPayment(
        member=member,
        organization=member.organization,
        paid_on=paid_on,
        amount=amount,
        receipt_number=receipt_number.strip(),
        remit_to_centre=rules.remit_to_centre(amount),
        note=note,
    )
    try:
        with transaction.atomic():
            save_as(payment, actor)
    except IntegrityError:
        raise ValidationError(
            {"receipt_number": [_("This receipt number is already used.")]}
        ) from None
    return payment


@transaction.atomic
def remittance_record(
    *,
    actor: Any,
    organization: Organization,
    paid_on: dt.date,
    amount: Decimal,
    to_name: str,
    reference: str,
    note: str = "",
) -> Remittance:
    """Record dues of ``amount`` yuan remitted by ``organization`` to the higher committee
    (``to_name``). Raises ``ValidationError`` for an amount of zero or less."""
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    remittance = Remittance(
        organization=organization,
        paid_on=paid_on,
        amount=amount,
        to_name=to_name,
        reference=reference,
        note=note,
    )
    save_as(remittance, actor)
    return remittance


@transaction.atomic
def reduction_request(
    *,
    actor: Any,
    member: Member,
    first_month: dt.date,
    last_month: dt.date,
    monthly_fee: Decimal,
    reason: str,
) -> Reduction:
    """Request a reduced fee (``monthly_fee`` yuan; 0 exempts) for ``member`` from
    ``first_month`` to ``last_month`` (any day of each), for the branch's review and the higher
    committee's approval (党费规定 Art. 7). Raises ``ValidationError`` for months in the wrong
    order or a negative fee."""
    if last_month < first_month:
        raise ValidationError({"last_month": [_("The last month is before the first.")]})
    if monthly_fee < 0:
        raise ValidationError({"monthly_fee": [_("The fee cannot be negative.")]})
    reduction = Reduction(
        member=member,
        first_month=rules.month_start(first_month),
        last_month=rules.month_start(last_month),
        monthly_fee=monthly_fee,
        reason=reason,
    )
    save_as(reduction, actor)
    return reduction


@transaction.atomic
def reduction_decide(
    *, actor: Any, reduction: Reduction, approve: bool, note: str = ""
) -> Reduction:
    """Branch review first, then the higher committee's approval (党费规定 Art. 7).

    ``approve`` True approves, False rejects (with a ``note`` saying why). The second step
    needs ``dues.manage`` from an organization strictly above the member's branch
    (``core.scoping.can_above``; inactive users may not). Raises ``ValidationError`` when the
    actor may not take this step, the request is already decided, or a rejection has no note.
    """
    branch = reduction.member.organization
    if reduction.state == Reduction.State.REQUESTED:
        reduction.branch_decided_by = acting_user(actor)
        reduction.state = Reduction.State.BRANCH_APPROVED if approve else Reduction.State.REJECTED
    elif reduction.state == Reduction.State.BRANCH_APPROVED:
        if not can_above(actor, Action.DUES_MANAGE, branch):
            raise ValidationError(
                {"state": [_("The higher committee approves this after the branch's review.")]}
            )
        reduction.higher_decided_by = acting_user(actor)
        reduction.state = Reduction.State.APPROVED if approve else Reduction.State.REJECTED
    else:
        raise ValidationError({"state": [_("This request has already been decided.")]})
    if not approve and not note.strip():
        raise ValidationError({"decision_note": [_("Say why the request is rejected.")]})
    reduction.decision_note = note
    save_as(reduction, actor)
    if reduction.state == Reduction.State.APPROVED:
        _reprice(
            actor,
            reduction.member,
            reduction.first_month,
            _("reduction approved for %(first)s to %(last)s")
            % {"first": f"{reduction.first_month:%Y-%m}", "last": f"{reduction.last_month:%Y-%m}"},
        )
    return reduction
