"""Demo dues of the highway branch from 2019 (the article's year) up to the month before the
demo is loaded (``as_of``): bases, the ledger, payments, quarterly remittances and one
voluntary payment. Invented for the demo.

- Bases: the 2019 after-tax pay (``data.DUES_BASES``); a pay adjustment from January 2023
  (``data.PAY_RISE``); the probationary member from the month she was admitted (党费规定
  Art. 8).
- 2019: monthly payments, two members prepaying half a year at a time, 郑杰 two months behind
  (November and December 2019, still owed: the home page's "two months behind").
- From 2020: each member pays half a year at a time (the branch collects in June and
  December, and this year up to last month, at its end); as of ``as_of`` 彭晓东 has not paid
  last month yet (``data.ARREARS``). Fewer, larger payments also keep loading fast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchwork.accounts.models import User
from branchwork.core.dates import add_months, month_start
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.dues import rules, services
from branchwork.dues.models import FeeBasis, MonthlyDue, PaidMonth
from branchwork.members.models import Member
from branchwork.organizations.models import Organization


def _bases(members: dict[str, Member]) -> None:
    year = data.DUES_YEAR
    for name, (category, base) in data.DUES_BASES.items():
        member = members[name]
        items = data.RETIREE_ITEMS if category == "retired" else data.PAYSLIP_ITEMS
        first = max(dt.date(year, 1, 1), rules.first_month_owed(member.admitted_on))
        for effective, amount in ((first, Decimal(base)), *_rise(category, Decimal(base))):
            if member.name == data.PROBATIONARY_NAME and effective < first:
                continue
            services.basis_set(
                actor=DEMO_ACTOR,
                member=member,
                category=category,
                base=amount,
                effective_from=max(effective, first),
                payslip_items=items,
                note=data.DEMO_NOTE,
            )


def _rise(category: str, base: Decimal) -> list[tuple[dt.date, Decimal]]:
    start, employed, retired = data.PAY_RISE
    factor = retired if category == "retired" else employed
    return [(start, (base * factor).quantize(Decimal("10")).quantize(Decimal("0.01")))]


def load_dues(as_of: dt.date) -> int:
    """Bases, the ledger through the month before ``as_of``, payments and remittances; returns
    how many payments were recorded (0 when the branch already has bases)."""
    highway = Organization.objects.get(code="tr-highway")
    if FeeBasis.objects.filter(member__organization=highway).exists():
        return 0
    members = {m.name: m for m in Member.objects.filter(organization=highway)}
    _bases(members)
    last_month = month_start(add_months(as_of, -1))
    for year in range(data.DUES_YEAR, last_month.year + 1):
        services.ledger_generate(
            actor=DEMO_ACTOR, organization=highway, year=year, through=last_month
        )
    dues: dict[int, dict[dt.date, Decimal]] = {}
    for member_id, month, amount in MonthlyDue.objects.filter(
        member__organization=highway
    ).values_list("member_id", "month", "amount"):
        dues.setdefault(member_id, {})[month] = amount

    # Dues are collected by the organization committee member (a payment names its collector).
    collector = User.objects.get(username="organizer")
    unpaid = {(name, month_start(add_months(as_of, -back))) for name, back in data.ARREARS}
    receipts = 0
    for name, member in sorted(members.items(), key=lambda kv: kv[1].pk):
        owed = dues.get(member.pk, {})
        for first, last, paid_on in _spans(name, sorted(owed), last_month, unpaid):
            months = rules.month_span(first, last)
            receipts += 1
            services.payment_record(
                actor=collector,
                member=member,
                first_month=first,
                last_month=last,
                amount=sum((owed[m] for m in months), Decimal("0")),
                paid_on=min(paid_on, as_of),
                method="wechat" if receipts % 3 else "cash",
                receipt_number=f"GL{paid_on.year}-{receipts:04d}",
            )
    _remittances(highway, last_month)
    services.voluntary_record(
        actor=DEMO_ACTOR,
        member=members["张伟"],
        paid_on=dt.date(2019, 7, 1),
        amount=Decimal("500.00"),
        receipt_number="GL2019-V001",
        note="七一自愿多交党费（演示数据）",
    )
    return receipts


def _spans(
    name: str, months: list[dt.date], last_month: dt.date, unpaid: set[tuple[str, dt.date]]
) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(first month, last month, paid on) of each payment of one member."""
    spans: list[tuple[dt.date, dt.date, dt.date]] = []
    for year in sorted({m.year for m in months}):
        owed = [m for m in months if m.year == year and (name, m) not in unpaid]
        if not owed:
            continue
        if year == data.DUES_YEAR and name == data.IN_ARREARS_2019:
            owed = [m for m in owed if m.month <= 10]
        if name in data.PREPAYERS:
            halves = [[m for m in owed if m.month <= 6], [m for m in owed if m.month > 6]]
            spans += [(h[0], h[-1], h[0].replace(day=15)) for h in halves if h]
        elif year == data.DUES_YEAR:
            spans += [(m, m, m.replace(day=15)) for m in owed]
        else:
            halves = [[m for m in owed if m.month <= 6], [m for m in owed if m.month > 6]]
            spans += [(h[0], h[-1], h[-1].replace(day=20)) for h in halves if h]
    # Contiguous runs only: a month left unpaid splits a half-year payment in two.
    result = []
    for first, last, paid_on in spans:
        run = [m for m in rules.month_span(first, last) if m in months and (name, m) not in unpaid]
        chunk: list[dt.date] = []
        for m in run:
            if chunk and m != month_start(add_months(chunk[-1], 1)):
                result.append((chunk[0], chunk[-1], paid_on))
                chunk = []
            chunk.append(m)
        if chunk:
            result.append((chunk[0], chunk[-1], paid_on))
    return sorted(result, key=lambda span: span[2])


def _remittances(highway: Organization, last_month: dt.date) -> None:
    """What was collected each quarter, remitted to the higher committee at its end."""
    paid = PaidMonth.objects.filter(member__organization=highway, reversed_by__isnull=True)
    for year in range(data.DUES_YEAR, last_month.year + 1):
        for quarter_end in (3, 6, 9, 12):
            if dt.date(year, quarter_end, 1) > last_month:
                break
            collected = sum(
                paid.filter(
                    month__year=year, month__month__in=range(quarter_end - 2, quarter_end + 1)
                ).values_list("amount", flat=True),
                Decimal("0"),
            )
            services.remittance_record(
                actor=DEMO_ACTOR,
                organization=highway,
                paid_on=dt.date(year, quarter_end, 28),
                amount=collected,
                to_name="中共铜仁市直属机关工作委员会",
                reference=f"{year}Q{quarter_end // 3}",
                note=data.DEMO_NOTE,
            )
