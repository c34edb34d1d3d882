"""Saving workbooks for download. Every export goes through ``workbook_bytes`` (or, for
write-only workbooks that cannot be read back, adds its rows with ``plain_row``), which:

- stores text that looks like a formula (=, +, -, @ at the start) as plain text, since Excel
  would run it when the file is opened (formula injection);
- drops characters XML cannot hold (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, lone
  surrogates), which text pasted from Word often carries and which would make the file
  unwritable;
- freezes the header row and sizes the columns to their contents (CJK characters count double),
  so the file opens readable in Excel, WPS and LibreOffice;
- writes translatable text (a choice's label) in the active language.

A model field with choices is written as its label in the export's language, never as the
stored code: take such values with ``field_value`` (or the model's ``get_FOO_display``).
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from branchwork.core.text import strip_control

# Column widths in Excel's character units.
MIN_WIDTH, MAX_WIDTH = 6, 60

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


def field_value(obj: Model, name: str) -> Any:
    """A model field's value as an export writes it: the label of a choice in the active
    language ("" when empty), the text of a related object, else the value itself."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if getattr(field, "choices", None):
        if value in (None, ""):
            return ""
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, Model):
        return str(value)
    return value


def _cell_value(value: Any) -> Any:
    if isinstance(value, Promise):  # a lazy translation: its text in the active language
        value = str(value)
    if isinstance(value, str):
        return strip_control(value)
    return value


def append_row(sheet: Any, values: list[Any]) -> None:
    """Append one row of values, text cleaned of characters a workbook cannot hold (openpyxl
    refuses them with IllegalCharacterError). Use it for every row an export writes."""
    if sheet.parent.write_only:
        sheet.append(plain_row(sheet, values))
        return
    sheet.append([_cell_value(v) for v in values])


def plain_row(sheet: Any, values: list[Any]) -> list[Any]:
    """Cells for ``sheet.append`` in a write-only workbook, with formula-like text as text."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=_cell_value(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    return cells


def display_width(value: Any) -> int:
    """How many character units ``value`` takes in a cell (wide East Asian characters: 2)."""
    text = value if isinstance(value, str) else str(value)
    longest = max((line for line in text.splitlines() or [""]), key=len)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def finish_sheet(sheet: Any) -> None:
    """Freeze the header row and size every column to its longest value (within limits)."""
    if sheet.max_row > 1 and sheet.freeze_panes is None:
        sheet.freeze_panes = "A2"
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), display_width(cell.value))
    for column, width in widths.items():
        letter = get_column_letter(column)
        if sheet.column_dimensions[letter].width in (None, 13.0):  # not set by the export
            sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, made safe and readable (see the module's docstring)."""
    if not book.write_only:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cleaned = strip_control(cell.value)
                        if cleaned != cell.value:
                            cell.value = cleaned
                    if cell.data_type == "f":
                        cell.data_type = "s"  # none of our exports writes a formula on purpose
            finish_sheet(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
