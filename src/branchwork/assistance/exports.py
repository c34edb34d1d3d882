"""The assistance workbooks: the ledger (with its totals by year, type and source) and the
household visits. Each function returns the workbook's bytes; the views serve them with
``core.excel.xlsx_response``. The ledger is the list the page shows for the same query
(``filters.LedgerFilter``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.assistance import selectors
from branchwork.assistance.models import LedgerEntry, Visit
from branchwork.core.excel import append_row, bold_header, workbook_bytes

LEDGER_SHEET = "ledger"


def ledger_filename(org_code: str, params: dict[str, str]) -> str:
    """assistance-ORG[-YEAR][-COUNTY][-TYPE].xlsx, naming the filters applied."""
    parts = [params.get(k, "") for k in ("year", "county", "kind")]
    return "-".join(["assistance", org_code, *[p for p in parts if p]]) + ".xlsx"


def _ledger_sheet(book: Workbook, entries: Iterable[LedgerEntry], personal: bool) -> None:
    sheet = book.active
    sheet.title = LEDGER_SHEET
    append_row(
        sheet,
        [
            _("No."),
            _("Date"),
            _("Donor organization"),
            _("County"),
            _("Village"),
            _("Household"),
            _("Type"),
            _("Quantity"),
            _("Unit"),
            _("Amount (yuan)"),
            _("Source"),
            _("Purpose"),
            _("Road project"),
            _("Status"),
            _("Reverses row"),
            _("Demo figure"),
        ],
    )
    for e in entries:
        household = ""
        if e.household_id:
            household = e.household.head_name if personal else e.household.masked_name  # type: ignore[union-attr]
        append_row(
            sheet,
            [
                e.pk,
                e.date,
                e.donor,
                e.county.county.name,
                e.village.village.name if e.village_id else "",  # type: ignore[union-attr]
                household,
                e.get_kind_display(),
                e.quantity,
                e.unit,
                e.amount,
                e.get_source_display(),
                e.purpose,
                e.road_project.name if e.road_project_id else "",  # type: ignore[union-attr]
                e.get_status_display(),
                e.reverses_id or "",
                _("yes") if e.is_demo else "",
            ],
        )
    bold_header(sheet)


def _totals_sheet(book: Workbook, totals: selectors.Totals) -> None:
    from branchwork.assistance import rules

    sheet = book.create_sheet(_("Totals"))
    kinds = dict(rules.Kind.choices)
    append_row(sheet, [_("Year"), *[str(label) for label in kinds.values()], _("Total (yuan)")])
    for year, by_kind in totals.by_year_kind.items():
        append_row(sheet, [year, *[by_kind.get(k) for k in kinds], totals.by_year[year]])
    append_row(sheet, [_("Total"), *[totals.by_kind.get(k) for k in kinds], totals.total])
    bold_header(sheet)


def ledger_workbook(entries: list[LedgerEntry], personal: bool) -> bytes:
    """The ledger rows (one per item, reversals as negative rows) and a sheet of totals by
    year and type. Household heads are masked unless ``personal``."""
    book = Workbook()
    _ledger_sheet(book, entries, personal)
    _totals_sheet(book, selectors.totals_of(entries))
    return workbook_bytes(book)


def visits_workbook(visits: Iterable[Visit], personal: bool) -> bytes:
    """The household visits: date, member, village, household (masked unless ``personal``),
    what was discussed, help given, photos."""
    book = Workbook()
    sheet = book.active
    sheet.title = "visits"
    append_row(
        sheet,
        [
            _("Date"),
            _("Member"),
            _("Village"),
            _("Household"),
            _("What was discussed"),
            _("Help given"),
            _("Photos"),
        ],
    )
    for v in visits:
        household = v.pairing.household
        append_row(
            sheet,
            [
                v.date,
                v.pairing.member.name,
                household.village.village.name,
                household.head_name if personal else household.masked_name,
                v.discussed,
                v.help_given,
                len(v.photos.all()),
            ],
        )
    bold_header(sheet)
    return workbook_bytes(book)
