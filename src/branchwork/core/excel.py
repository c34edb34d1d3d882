"""Saving workbooks for download. Text that looks like a formula (=, +, -, @ at the start)
would be run by Excel when the file is opened; every export goes through ``workbook_bytes``,
which stores such text as plain text (CSV/formula injection)."""

from __future__ import annotations

import io

from openpyxl import Workbook


def workbook_bytes(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"  # none of our exports writes a formula on purpose
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
