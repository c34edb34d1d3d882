"""Demo dues of the highway branch for 2019: bases, the full ledger, monthly payments, two
members prepaying half a year at a time, one member two months behind, quarterly remittances
and one voluntary payment. Invented for the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branchwork.accounts.models import User
from branchwork.demo import data
from branchwork.demo.data import DEMO_ACTOR
from branchwork.dues import rules, services
from branchwork.dues.models import FeeBasis, MonthlyDue, PaidMonth
from branchwork.members.models import Member
from branchwork.organizations.models import Organization


def load_dues() -> int:
    highway = Organization.objects.get(code="tr-highway")
    year = data.DUES_YEAR
    if FeeBasis.objects.filter(member__organization=highway, effective_from__year=year).exists():
        return 0
    members = {m.name: m for m in Member.objects.filter(organization=highway)}
    for name, (category, base) in data.DUES_BASES.items():
        member = members[name]
        services.basis_set(
            actor=DEMO_ACTOR,
            member=member,
            category=category,
            base=Decimal(base),
            effective_from=max(dt.date(year, 1, 1), rules.first_month_owed(member.admitted_on)),
            payslip_items=data.RETIREE_ITEMS if category == "retired" else data.PAYSLIP_ITEMS,
            note=data.DEMO_NOTE,
        )
    services.ledger_generate(
        actor=DEMO_ACTOR, organization=highway, year=year, through=dt.date(year, 12, 1)
    )

    # Dues are collected by the organization committee member (a payment names its collector).
    collector = User.objects.get(username="organizer")
    receipt = 0
    for name, member in sorted(members.items(), key=lambda kv: kv[1].pk):
        dues = {
            d.month: d.amount for d in MonthlyDue.objects.filter(member=member, month__year=year)
        }
        if not dues:
            continue
        if name in data.PREPAYERS:
            spans = [
                (dt.date(year, 1, 1), dt.date(year, 6, 1)),
                (dt.date(year, 7, 1), dt.date(year, 12, 1)),
            ]
        else:
            last = dt.date(year, 10, 1) if name == data.IN_ARREARS else dt.date(year, 12, 1)
            spans = [(m, m) for m in sorted(dues) if m <= last]
        for first, last in spans:
            months = rules.month_span(first, last)
            receipt += 1
            services.payment_record(
                actor=collector,
                member=member,
                first_month=first,
                last_month=last,
                amount=sum((dues[m] for m in months), Decimal("0")),
                paid_on=dt.date(first.year, first.month, 15),
                method="wechat" if receipt % 3 else "cash",
                receipt_number=f"GL{year}-{receipt:04d}",
            )
    for quarter_end in (3, 6, 9, 12):
        collected = sum(
            PaidMonth.objects.filter(
                member__organization=highway,
                month__year=year,
                month__month__in=range(quarter_end - 2, quarter_end + 1),
                reversed_by__isnull=True,
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
    services.voluntary_record(
        actor=DEMO_ACTOR,
        member=members["张伟"],
        paid_on=dt.date(year, 7, 1),
        amount=Decimal("500.00"),
        receipt_number=f"GL{year}-V001",
        note="七一自愿多交党费（演示数据）",
    )
    return receipt
