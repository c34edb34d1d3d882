"""Excel sheets for dues: the monthly collection sheet, the payments, the arrears, the year
summary and the publication. The rows come from the selectors (scoped, filtered as the page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.core.levels import Level
from branchwork.dues.models import Payment
from branchwork.dues.selectors import Arrears, SheetRow, Summary
from branchwork.organizations.models import Organization


def _book(title: str, header: list[str]) -> tuple[Workbook, object]:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    append_row(sheet, header)
    bold_header(sheet)
    return book, sheet


def sheet_workbook(org: Organization, month: dt.date, rows: list[SheetRow]) -> bytes:
    book, sheet = _book(
        f"{month:%Y-%m}",
        [_("Member"), _("Due (yuan)"), _("Paid"), _("Paid on"), _("Receipt number")],
    )
    for r in rows:
        append_row(
            sheet,
            [
                r.member.name,
                r.due.amount if r.due else None,
                _("yes")
                if r.paid
                else (_("no") if r.due else (_("no basis") if r.no_basis else "—")),
                r.paid.payment.paid_on if r.paid else None,
                r.paid.payment.receipt_number if r.paid else "",
            ],
        )
        sheet.cell(sheet.max_row, 2).number_format = "0.00"
    return workbook_bytes(book)


def payments_workbook(org: Organization, payments: list[Payment]) -> bytes:
    """The payments list (``selectors.payment_list``, filtered as the page) as a workbook."""
    book, sheet = _book(
        org.code,
        [
            _("Paid on"),
            _("Member"),
            _("First month"),
            _("Last month"),
            _("Amount (yuan)"),
            _("Method"),
            _("Receipt number"),
            _("Reversed"),
        ],
    )
    for p in payments:
        append_row(
            sheet,
            [
                p.paid_on,
                p.member.name,
                f"{p.first_month:%Y-%m}",
                f"{p.last_month:%Y-%m}",
                p.amount,
                p.get_method_display(),
                p.receipt_number,
                _("yes") if p.is_reversed else "",
            ],
        )
        sheet.cell(sheet.max_row, 5).number_format = "0.00"
    return workbook_bytes(book)


def arrears_workbook(org: Organization, rows: list[Arrears]) -> bytes:
    """The arrears list (``selectors.arrears``, filtered as the page) as a workbook."""
    book, sheet = _book(
        org.code,
        [_("Member"), _("Unpaid months"), _("In a row"), _("Amount (yuan)"), _("Level")],
    )
    for a in rows:
        append_row(
            sheet,
            [
                a.member.name,
                pgettext("list separator", ", ").join(f"{m:%Y-%m}" for m in a.unpaid_months),
                a.consecutive,
                a.amount,
                str(Level(a.level).label) if a.level else "",
            ],
        )
        sheet.cell(sheet.max_row, 4).number_format = "0.00"
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
        append_row(
            sheet,
            [entry.org.name, entry.members, *[getattr(entry, key) for key, _l in SUMMARY_FIELDS]],
        )
        for column in range(3, 3 + len(SUMMARY_FIELDS)):
            sheet.cell(sheet.max_row, column).number_format = "0.00"
    return workbook_bytes(book)


def publication_workbook(
    org: Organization, year: int, total: Summary, per_member: list[tuple[str, Decimal]]
) -> bytes:
    book, sheet = _book(_("Dues %(year)d") % {"year": year}, [_("Member"), _("Paid (yuan)")])
    for name, amount in per_member:
        append_row(sheet, [name, amount])
    append_row(sheet, [])
    for key, label in SUMMARY_FIELDS:
        append_row(sheet, [_(label), getattr(total, key)])
    return workbook_bytes(book)
