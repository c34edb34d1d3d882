"""Excel sheets for dues: the monthly collection sheet, the year summary and the publication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from branchwork.core.excel import bold_header, workbook_bytes
from branchwork.dues.models import PaidMonth
from branchwork.dues.rules import round_yuan
from branchwork.dues.selectors import SheetRow, Summary
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization


def _book(title: str, header: list[str]) -> tuple[Workbook, object]:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    bold_header(sheet)
    return book, sheet


def sheet_workbook(org: Organization, month: dt.date, rows: list[SheetRow]) -> bytes:
    book, sheet = _book(
        f"{month:%Y-%m}",
        [_("Member"), _("Due (yuan)"), _("Paid"), _("Paid on"), _("Receipt number")],
    )
    for r in rows:
        sheet.append(
            [
                r.member.name,
                r.due.amount if r.due else None,
                _("yes") if r.paid else (_("no") if r.due else "—"),
                r.paid.payment.paid_on if r.paid else None,
                r.paid.payment.receipt_number if r.paid else "",
            ]
        )
        sheet.cell(sheet.max_row, 2).number_format = "0.00"
    return workbook_bytes(book)


SUMMARY_FIELDS = [
    ("due", gettext_noop("Due")),
    ("collected", gettext_noop("Collected")),
    ("arrears", gettext_noop("Arrears")),
    ("reversed", gettext_noop("Reversed, not paid again")),
    ("not_yet_due", gettext_noop("Not yet due")),
    ("remitted", gettext_noop("Remitted to the higher committee")),
    ("voluntary", gettext_noop("Voluntary payments")),
    ("voluntary_to_centre", gettext_noop("of which to the Centre")),
]


def summary_workbook(
    org: Organization, year: int, total: Summary, branches: list[Summary]
) -> bytes:
    book, sheet = _book(
        str(year), [_("Organization"), _("Members"), *[_(label) for _k, label in SUMMARY_FIELDS]]
    )
    for entry in [*branches, total]:
        sheet.append(
            [entry.org.name, entry.members, *[getattr(entry, key) for key, _l in SUMMARY_FIELDS]]
        )
        for column in range(3, 3 + len(SUMMARY_FIELDS)):
            sheet.cell(sheet.max_row, column).number_format = "0.00"
    return workbook_bytes(book)


def paid_per_member(org: Organization, year: int) -> list[tuple[str, Decimal]]:
    """Dues paid per member for the months of ``year`` (the yearly publication)."""
    members = Member.objects.filter(
        organization__path__startswith=org.path, status__in=ON_ROLL_STATUSES
    )
    paid = dict(
        PaidMonth.objects.filter(member__in=members, month__year=year, reversed_by__isnull=True)
        .values_list("member_id")
        .annotate(total=Sum("amount"))
    )
    return [
        (m.name, round_yuan(paid.get(m.pk, Decimal("0.00"))))
        for m in members.order_by("name_pinyin")
    ]


def publication_workbook(
    org: Organization, year: int, total: Summary, per_member: list[tuple[str, Decimal]]
) -> bytes:
    book, sheet = _book(_("Dues %(year)d") % {"year": year}, [_("Member"), _("Paid (yuan)")])
    for name, amount in per_member:
        sheet.append([name, amount])
    sheet.append([])
    for key, label in SUMMARY_FIELDS:
        sheet.append([_(label), getattr(total, key)])
    return workbook_bytes(book)
