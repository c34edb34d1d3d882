"""Saving workbooks for download. Text that looks like a formula (=, +, -, @ at the start)
would be run by Excel when the file is opened (formula injection). Every export goes through
``workbook_bytes``, which stores such text as plain text; write-only workbooks, which cannot
be read back, add their rows with ``plain_row`` instead."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named ``filename``."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bold_header(sheet: Any) -> None:
    """Set the first row of a sheet in bold (the column names)."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def plain_row(sheet: Any, values: list[Any]) -> list[Any]:
    """Cells for ``sheet.append`` in a write-only workbook, with formula-like text as text."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    return cells


def workbook_bytes(book: Workbook) -> bytes:
    if not book.write_only:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"  # none of our exports writes a formula on purpose
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
