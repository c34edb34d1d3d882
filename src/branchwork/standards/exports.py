"""The committee roll-up as an Excel workbook (core.excel)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.standards.rules import Result
from branchwork.standards.selectors import RollupRow


def rollup_workbook(rows: list[RollupRow], year: int) -> bytes:
    """One row per branch, in the page's order: self-assessment, inspector's score, result
    and its date, and the earlier signed-off results."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    append_row(
        sheet,
        [
            _("Branch"),
            _("Self-assessment"),
            _("Inspector's score"),
            _("Result"),
            _("Result dated"),
            _("Earlier results"),
        ],
    )
    bold_header(sheet)
    for row in rows:
        inspection = row.inspection
        append_row(
            sheet,
            [
                row.branch.name,
                row.own_total,
                row.inspector_total,
                str(Result(row.result).label) if row.result else "",
                inspection.result_on if inspection and inspection.signed_off else None,
                "; ".join(f"{h.round.year} {Result(h.result).label}" for h in row.history),
            ],
        )
    return workbook_bytes(book)
