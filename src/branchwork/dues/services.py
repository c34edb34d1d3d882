"""Every write to the dues ledger, in transactions, taking the acting user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user, save_as
from branchwork.core.roles import ROLE_ACTIONS, Action
from branchwork.core.scoping import user_grants
from branchwork.dues import rules
from branchwork.dues.models import (
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

_user = acting_user


_save = save_as


def _farmer_fee() -> Decimal:
    return Decimal(settings.DUES_FARMER_FEE)


def quote(category: str, base: Decimal | None) -> rules.Quote:
    return rules.quote(category, base, _farmer_fee())


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
) -> FeeBasis:
    """Fix a member's dues from a month on (the yearly fixing in January, or a change from the
    month the new pay is received)."""
    month = rules.month_start(effective_from)
    try:
        result = quote(category, base)
    except rules.DuesError as exc:
        raise ValidationError({"base": [str(exc)]}) from None
    existing = FeeBasis.objects.filter(member=member, effective_from=month).first()
    if existing is not None:
        if existing.dues.exists():
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
    basis.category = category
    basis.base = base if category in rules.BRACKETS else None
    basis.monthly_fee = result.monthly_fee
    basis.rule = result.rule[:400]
    basis.payslip_items = payslip_items
    basis.note = note
    basis.approved_by = _user(actor)
    _save(basis, actor)
    return basis


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
    # Probationary members pay from the month the general meeting admitted them (Art. 8).
    return rules.month_start(member.admitted_on)


@transaction.atomic
def ledger_generate(*, org: Organization, year: int, through: dt.date | None = None) -> int:
    """Create the monthly dues of ``year`` up to the month of ``through`` (default: the
    current month, or December for a past year) for every member on the roll of ``org`` and
    the organizations under it. Idempotent: months already generated are left as they are."""
    today = timezone.localdate()
    if through is None:
        through = dt.date(year, 12, 1) if year < today.year else rules.month_start(today)
    last = min(rules.month_start(through), dt.date(year, 12, 1))
    months = rules.month_span(dt.date(year, 1, 1), last) if last.year == year else []
    members = list(
        Member.objects.filter(
            organization__path__startswith=org.path, status__in=ON_ROLL_STATUSES
        ).select_related("organization")
    )
    return _generate(members, months)


def _generate(members: list[Member], months: list[dt.date]) -> int:
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
    months = rules.month_span(first_month, last_month)
    try:
        rules.check_months_at_once(months, settings.DUES_MAX_MONTHS_AT_ONCE)
    except rules.DuesError as exc:
        raise ValidationError({"last_month": [str(exc)]}) from None
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
    limit = settings.DUES_MAX_MONTHS_AT_ONCE
    paid_month = rules.month_start(paid_on)
    if months[-1] >= rules.add_months(paid_month, limit) or months[0] < rules.add_months(
        paid_month, -limit
    ):
        raise ValidationError(
            {
                "last_month": [
                    _(
                        "A payment made in %(month)s may cover months from %(first)s to "
                        "%(last)s: paying ahead or making up is limited to %(limit)d months "
                        "(党费规定 Art. 12)."
                    )
                    % {
                        "month": f"{paid_month:%Y-%m}",
                        "first": f"{rules.add_months(paid_month, -limit):%Y-%m}",
                        "last": f"{rules.add_months(paid_month, limit - 1):%Y-%m}",
                        "limit": limit,
                    }
                ]
            }
        )
    if months[0] < _first_month_owed(member):
        raise ValidationError(
            {
                "first_month": [
                    _("%(name)s owes dues from %(month)s.")
                    % {"name": member.name, "month": f"{_first_month_owed(member):%Y-%m}"}
                ]
            }
        )
    _generate([member], months)  # paying ahead: the future months are generated now
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
    if amount != expected:
        raise ValidationError(
            {
                "amount": [
                    _("%(months)d months from %(first)s come to %(expected)s yuan, not %(amount)s.")
                    % {
                        "months": len(months),
                        "first": f"{months[0]:%Y-%m}",
                        "expected": expected,
                        "amount": amount,
                    }
                ]
            }
        )
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
        collector=_user(actor),
        note=note,
    )
    try:
        with transaction.atomic():
            _save(payment, actor)
            PaidMonth.objects.bulk_create(
                [
                    PaidMonth(payment=payment, member=member, month=m, amount=dues[m].amount)
                    for m in months
                ]
            )
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
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the payment is reversed.")]})
    if Reversal.objects.filter(payment=payment).exists():
        raise ValidationError({"reason": [_("This payment is already reversed.")]})
    reversal = Reversal(payment=payment, reason=reason.strip(), actor=_user(actor))
    _save(reversal, actor)
    PaidMonth.objects.filter(payment=payment).update(reversed_by=reversal)
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
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    payment = VoluntaryPayment(
        member=member,
        organization=member.organization,
        paid_on=paid_on,
        amount=amount,
        receipt_number=receipt_number.strip(),
        remit_to_centre=amount >= rules.VOLUNTARY_REMIT_THRESHOLD,
        note=note,
    )
    try:
        with transaction.atomic():
            _save(payment, actor)
    except IntegrityError:
        raise ValidationError(
            {"receipt_number": [_("This receipt number is already used.")]}
        ) from None
    return payment


@transaction.atomic
def remittance_record(
    *,
    actor: Any,
    org: Organization,
    paid_on: dt.date,
    amount: Decimal,
    to_name: str,
    reference: str,
    note: str = "",
) -> Remittance:
    if amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    remittance = Remittance(
        organization=org,
        paid_on=paid_on,
        amount=amount,
        to_name=to_name,
        reference=reference,
        note=note,
    )
    _save(remittance, actor)
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
    _save(reduction, actor)
    return reduction


def is_higher_committee(user: Any, org: Organization) -> bool:
    """Does the user manage dues on an organization strictly above ``org``?"""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        Action.DUES_MANAGE in ROLE_ACTIONS[g.role]
        and org.path.startswith(g.org_path)
        and g.org_path != org.path
        for g in user_grants(user)
    )


@transaction.atomic
def reduction_decide(
    *, actor: Any, reduction: Reduction, approve: bool, note: str = ""
) -> Reduction:
    """Branch review first, then the higher committee's approval (党费规定 Art. 7)."""
    branch = reduction.member.organization
    if reduction.state == Reduction.State.REQUESTED:
        reduction.branch_decided_by = _user(actor)
        reduction.state = Reduction.State.BRANCH_APPROVED if approve else Reduction.State.REJECTED
    elif reduction.state == Reduction.State.BRANCH_APPROVED:
        if not is_higher_committee(actor, branch):
            raise ValidationError(
                {"state": [_("The higher committee approves this after the branch's review.")]}
            )
        reduction.higher_decided_by = _user(actor)
        reduction.state = Reduction.State.APPROVED if approve else Reduction.State.REJECTED
    else:
        raise ValidationError({"state": [_("This request has already been decided.")]})
    if not approve and not note.strip():
        raise ValidationError({"decision_note": [_("Say why the request is rejected.")]})
    reduction.decision_note = note
    _save(reduction, actor)
    return reduction
