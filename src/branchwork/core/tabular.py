"""One reader under every import: the tables offices send, as records with named columns.

Every import (member rosters, survey sheets, and every import still to come) reads its file
through ``read_table`` and so behaves the same way:

- **Formats**, recognised by content, not by name: .xlsx/.xlsm, .xls (Excel 97-2003, what WPS
  and old Excel "save as" give), .ods, and CSV (UTF-8 with or without a BOM; GB18030/GBK when it
  is not UTF-8). Workbooks are read with python-calamine (it reads every workbook format and
  does not trust the used range a file declares: WPS writes wrong ones).
- **Sheet**: the named sheet on request; else the active sheet when it is visible, else the first
  visible one. A hidden sheet is never read.
- **Header row**: the row among the first ``TableSpec.header_search_rows`` that names the most
  known columns (title rows and merged banners above it are skipped). Header names match
  ignoring case, spaces, underscores and full-width forms, through the import's synonyms.
- **Columns**: every non-empty column that is not understood is reported, with the nearest
  known name; nothing is dropped silently.
- **Values**: text is NFKC-normalised (full-width digits, letters and signs, ideographic spaces)
  and trimmed; numbers and dates stay what the workbook holds (see ``text``, ``parse_date``).
- **Limits**: a file over ``IMPORT_MAX_MB`` or with more than ``IMPORT_MAX_ROWS`` rows is refused,
  and so is a compressed workbook that would inflate far beyond its size (a decompression bomb).

Errors name the row and column ("row 7, column 身份证号: …") and are all collected in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A compressed workbook may inflate to at most this many times its size, and this many bytes.
MAX_INFLATE_RATIO = 100
MAX_INFLATED_BYTES = 512 * 1024 * 1024


class FormulaWithoutValue:
    """A formula cell saved without its computed value: there is nothing to read in it."""

    def __repr__(self) -> str:
        return "FormulaWithoutValue()"


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()


@dataclass(frozen=True)
class Column:
    """A column an import understands: its canonical ``name`` (what the code uses), the other
    headers people write for it, and whether a file must have it."""

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    """What one import reads: its columns, and optionally a test for further known columns
    (``extra`` gets a header already normalised with ``header_key`` and returns the canonical
    name, or None)."""

    columns: tuple[Column, ...]
    extra: Callable[[str], str | None] | None = None
    header_search_rows: int = 10

    def canonical(self) -> dict[str, str]:
        """{normalised header: canonical name} for every name and synonym."""
        names: dict[str, str] = {}
        for column in self.columns:
            for header in (column.name, *column.synonyms):
                names[header_key(header)] = column.name
        return names


def error_at(row: int | None, column: str | None, reason: str) -> str:
    """The one way every import names where an error is: "row 7, column 身份证号: reason"
    (``row`` the sheet row as the office sees it, 1-based; ``column`` the header as written in
    the file). Without a row or a column that part is left out; without both, the reason."""
    if row is not None and column:
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": row,
            "column": column,
            "message": reason,
        }
    if row is not None:
        return _("row %(row)s: %(message)s") % {"row": row, "message": reason}
    if column:
        return _("column %(column)s: %(message)s") % {"column": column, "message": reason}
    return reason


@dataclass(frozen=True)
class TableError:
    """One problem: the sheet row (1-based, as the office sees it), the column header as
    written in the file, and the reason. Row or column is None for file-level problems."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return error_at(self.row, self.column, self.message)


@dataclass
class TableRow:
    """One record under the header: its sheet row number and {canonical name: value}."""

    number: int
    values: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Table:
    """What ``read_table`` found. ``headers`` maps each canonical name to the header as written
    (use it to name the column in errors). ``errors`` are file- and header-level problems: when
    there are any, ``rows`` is empty."""

    format: str = ""
    sheet: str = ""
    header_row: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    rows: list[TableRow] = field(default_factory=list)
    errors: list[TableError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class TableReadError(Exception):
    """The file cannot be read as a table at all (wrong format, too large, damaged)."""


# --- normalisation ---------------------------------------------------------------------------

_HEADER_NOISE = re.compile(r"[\s_\-*＊]+")


def header_key(header: str) -> str:
    """A header as compared: NFKC (full-width to half-width), lower case, without spaces,
    underscores or hyphens. ``"ＩＲＩ"``, ``"iri"`` and ``"I R I"`` all give ``"iri"``."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(header))).lower()


def clean_text(value: str) -> str:
    """NFKC-normalised, trimmed text (full-width digits, letters, signs and ideographic spaces
    become their ASCII forms)."""
    return unicodedata.normalize("NFKC", value).strip()


def is_blank(value: Any) -> bool:
    """Is the cell empty (None or only spaces)?"""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text: "" for empty, whole numbers without ".0", NFKC-normalised and trimmed.

    Use ``is_number`` first where a number would be wrong (an ID number stored as a number
    has already lost digits)."""
    if value is None or isinstance(value, FormulaWithoutValue):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return clean_text(str(value))


def is_number(value: Any) -> bool:
    """Does the cell hold a number (not text that looks like one)?"""
    return isinstance(value, int | float) and not isinstance(value, bool)


_DATE_FORMS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value: Any) -> dt.date | None:
    """A date from a workbook date cell or a year-first text that cannot be misread:
    2012-7-1, 2012/7/1, 2012.07.01, 2012年7月1日, 20120701 (also with a time 00:00:00).
    None for an empty cell. Raises ValueError (with a message for the user) otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, FormulaWithoutValue):
        raise ValueError(_("the cell holds a formula saved without its value"))
    raw = text(value)
    candidate = re.sub(r"[ T]00:00(:00)?$", "", raw)
    for form in _DATE_FORMS:
        match = form.match(candidate)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise ValueError(
        _(
            "%(value)r is not a date; use an Excel date or a year-first form such as "
            "2012-07-01, 2012/7/1, 2012.07.01, 2012年7月1日 or 20120701."
        )
        % {"value": raw}
    )


# --- format detection and raw rows ----------------------------------------------------------


def detect_format(data: bytes) -> str:
    """ "xlsx", "ods", "xls" or "csv", from the file's content. Raises TableReadError for
    anything else (a Word file, an image, a damaged archive)."""
    if data.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
        except zipfile.BadZipFile:
            raise TableReadError(_("The file is a damaged archive, not a workbook.")) from None
        raise TableReadError(_("The file is an archive but not a workbook (.xlsx, .ods)."))
    if data.startswith(OLE2_SIGNATURE):
        return "xls"
    if b"\x00" in data[:4096]:
        raise TableReadError(_("The file is neither a workbook nor a CSV text file."))
    return "csv"


def _check_inflation(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATED_BYTES or inflated > MAX_INFLATE_RATIO * max(len(data), 1):
        raise TableReadError(
            _("The workbook would inflate to %(size)s MB; it is refused as unsafe.")
            % {"size": inflated // (1024 * 1024)}
        )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError(_("The CSV file is neither UTF-8 nor GB18030 (GBK) text."))


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    content = _decode(data)
    sample = content[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    line = 1
    for cells in reader:
        yield line, list(cells)
        line = reader.line_num + 1


def _xlsx_active_index(archive: zipfile.ZipFile) -> int:
    try:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return 0
    for element in root.iter():
        if element.tag.endswith("workbookView"):
            try:
                return int(element.get("activeTab", "0"))
            except ValueError:
                return 0
    return 0


def _ods_active_name(archive: zipfile.ZipFile) -> str | None:
    try:
        root = ElementTree.fromstring(archive.read("settings.xml"))
    except (KeyError, ElementTree.ParseError):
        return None
    for element in root.iter():
        if element.tag.endswith("config-item") and any(
            v == "ActiveTable" for k, v in element.attrib.items() if k.endswith("name")
        ):
            return element.text
    return None


_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _xlsx_formulas_without_value(
    archive: zipfile.ZipFile, sheet_index: int
) -> set[tuple[int, int]]:
    """(row, column), 1-based, of formula cells saved without a value in one xlsx sheet."""
    namespaces = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        sheets = workbook.findall("m:sheets/m:sheet", namespaces)
        rel_id = sheets[sheet_index].get(f"{{{namespaces['r']}}}id")
        target = next(r.get("Target") or "" for r in rels if r.get("Id") == rel_id)
    except (KeyError, IndexError, StopIteration, ElementTree.ParseError):
        return set()
    target = target.lstrip("/")
    path = target if target.startswith("xl/") else f"xl/{target}"
    try:
        xml = archive.read(path)
    except KeyError:
        return set()
    if b"<f" not in xml:
        return set()
    found = set()
    main = namespaces["m"]
    for _event, cell in ElementTree.iterparse(io.BytesIO(xml)):
        if cell.tag != f"{{{main}}}c":
            continue
        formula = cell.find(f"{{{main}}}f")
        value = cell.find(f"{{{main}}}v")
        if formula is not None and (value is None or not (value.text or "").strip()):
            match = _CELL_REF.match(cell.get("r", ""))
            if match:
                found.add((int(match.group(2)), _column_index(match.group(1))))
        cell.clear()
    return found


def _workbook_rows(
    data: bytes, kind: str, sheet: str | None
) -> tuple[str, Iterator[tuple[int, list[Any]]]]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    if kind in ("xlsx", "ods"):
        _check_inflation(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise TableReadError(
            _("The workbook cannot be read (%(error)s).") % {"error": str(exc)[:200]}
        ) from None
    metadata = workbook.sheets_metadata
    visible = [m.visible == SheetVisibleEnum.Visible for m in metadata]
    names = [m.name for m in metadata]
    if sheet is not None:
        if sheet not in names:
            raise TableReadError(
                _("The workbook has no sheet %(sheet)r; its sheets: %(names)s.")
                % {"sheet": sheet, "names": "、".join(names)}
            )
        index = names.index(sheet)
        if not visible[index]:
            raise TableReadError(_("Sheet %(sheet)r is hidden.") % {"sheet": sheet})
    else:
        active: int | None = None
        if kind == "xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                active = _xlsx_active_index(archive)
        elif kind == "ods":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                active_name = _ods_active_name(archive)
            active = names.index(active_name) if active_name in names else None
        if active is not None and 0 <= active < len(names) and visible[active]:
            index = active
        elif any(visible):
            index = visible.index(True)
        else:
            raise TableReadError(_("The workbook has no visible sheet."))
    formulas: set[tuple[int, int]] = set()
    if kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            formulas = _xlsx_formulas_without_value(archive, index)
    calamine_sheet = workbook.get_sheet_by_index(index)
    first_row = (calamine_sheet.start or (0, 0))[0] + 1
    first_col = (calamine_sheet.start or (0, 0))[1] + 1

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for offset, cells in enumerate(calamine_sheet.iter_rows()):
            number = first_row + offset
            values: list[Any] = list(cells)
            if first_col > 1:
                values = [""] * (first_col - 1) + values
            if formulas:
                values = [
                    FORMULA_WITHOUT_VALUE if (number, i + 1) in formulas and v == "" else v
                    for i, v in enumerate(values)
                ]
            yield number, values

    return names[index], rows()


def _cell(value: Any) -> Any:
    """A raw cell as imports see it: "" and whitespace become None, text is normalised."""
    if isinstance(value, str):
        value = clean_text(value)
        return value or None
    if isinstance(value, float) and value != value:  # NaN from an error cell
        return None
    return value


def _max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 50_000))


def _max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_MB", 20)) * 1024 * 1024


# --- the table -------------------------------------------------------------------------------


def _find_header(
    candidates: list[tuple[int, list[Any]]], spec: TableSpec, known: dict[str, str]
) -> int | None:
    best, best_hits = None, 0
    for position, (_number, cells) in enumerate(candidates):
        hits = 0
        for cell in cells:
            if isinstance(cell, str) and cell.strip():
                key = header_key(cell)
                if key in known or (spec.extra is not None and spec.extra(key)):
                    hits += 1
        if hits > best_hits:
            best, best_hits = position, hits
    return best


def _suggest(header: str, spec: TableSpec) -> str:
    """The known header nearest to ``header`` (for "did you mean …?"), or ""."""
    names = [n for c in spec.columns for n in (c.name, *c.synonyms)]
    by_key = {header_key(n): n for n in reversed(names)}
    close = difflib.get_close_matches(header_key(header), list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else ""


def read_table(
    data: bytes,
    spec: TableSpec,
    *,
    sheet: str | None = None,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> Table:
    """Read ``data`` (a workbook or CSV file's bytes) into records named by ``spec``.

    Args:
        data: the whole file.
        spec: the import's columns and synonyms.
        sheet: read this sheet instead of the active/first visible one.
        max_rows / max_bytes: limits; default the ``IMPORT_MAX_ROWS`` / ``IMPORT_MAX_MB``
            settings.

    Returns a ``Table``. File-level and header-level problems (format, limits, missing or
    unknown columns) are in ``Table.errors``, all of them, and then no rows are returned;
    checking each value is the import's job (name the column with ``Table.headers``).
    Never raises for bad input.
    """
    table = Table()
    limit_bytes = max_bytes if max_bytes is not None else _max_bytes()
    if len(data) > limit_bytes:
        table.errors.append(
            TableError(
                None,
                None,
                _("The file is larger than %(mb)s MB.") % {"mb": limit_bytes // (1024 * 1024)},
            )
        )
        return table
    if not data.strip():
        table.errors.append(TableError(None, None, _("The file is empty.")))
        return table
    limit_rows = max_rows if max_rows is not None else _max_rows()
    try:
        table.format = detect_format(data)
        if table.format == "csv":
            table.sheet, raw = "", _csv_rows(data)
        else:
            table.sheet, raw = _workbook_rows(data, table.format, sheet)
        known = spec.canonical()
        candidates: list[tuple[int, list[Any]]] = []
        for number, cells in raw:
            candidates.append((number, [_cell(v) for v in cells]))
            if len(candidates) >= spec.header_search_rows:
                break
        position = _find_header(candidates, spec, known)
        if position is None:
            expected = "、".join(c.name for c in spec.columns if c.required)
            table.errors.append(
                TableError(
                    None,
                    None,
                    _(
                        "No header row was found in the first %(n)s rows; expected columns: "
                        "%(columns)s."
                    )
                    % {"n": spec.header_search_rows, "columns": expected},
                )
            )
            return table
        table.header_row, header_cells = candidates[position]
        mapping = _map_header(table, header_cells, spec, known)
        if table.errors:
            return table
        rows = _records(table, mapping, [*candidates[position + 1 :]], raw, limit_rows)
    except TableReadError as exc:
        table.errors.append(TableError(None, None, str(exc)))
        return table
    if table.errors:
        return table
    table.rows = rows
    return table


def _map_header(
    table: Table, header_cells: list[Any], spec: TableSpec, known: dict[str, str]
) -> dict[int, str]:
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(header_cells):
        if cell is None:
            continue
        written = str(cell)
        key = header_key(written)
        name = known.get(key) or (spec.extra(key) if spec.extra is not None else None)
        if name is None:
            suggestion = _suggest(written, spec)
            message = (
                _("%(column)r is not a known column; did you mean %(suggestion)s?")
                % {"column": written, "suggestion": suggestion}
                if suggestion
                else _("%(column)r is not a known column.") % {"column": written}
            )
            table.errors.append(TableError(table.header_row, written, message))
            continue
        if name in seen:
            table.errors.append(
                TableError(
                    table.header_row,
                    written,
                    _("this column repeats %(other)r.") % {"other": seen[name]},
                )
            )
            continue
        seen[name] = written
        mapping[index] = name
    table.headers = seen
    chinese = any(not h.isascii() for h in seen.values())
    for column in spec.columns:
        if column.required and column.name not in seen:
            # Named as the file would name it: in Chinese when the file's headers are.
            label = next((n for n in column.synonyms if not n.isascii()), column.name)
            table.errors.append(
                TableError(None, label if chinese else column.name, _("this column is missing."))
            )
    return mapping


def _records(
    table: Table,
    mapping: dict[int, str],
    buffered: list[tuple[int, list[Any]]],
    raw: Iterable[tuple[int, list[Any]]],
    limit_rows: int,
) -> list[TableRow]:
    rows: list[TableRow] = []
    unnamed: set[int] = set()

    def take(number: int, cells: list[Any]) -> None:
        values: dict[str, Any] = {}
        filled = False
        for index, value in enumerate(cells):
            if value is None:
                continue
            name = mapping.get(index)
            if name is None:
                unnamed.add(index)
                continue
            values[name] = value
            filled = True
        if filled:
            rows.append(TableRow(number, values))

    for number, cells in buffered:
        take(number, cells)
    for number, cells in raw:
        if len(rows) > limit_rows:
            break
        take(number, [_cell(v) for v in cells])
    if len(rows) > limit_rows:
        table.errors.append(
            TableError(
                None, None, _("The file has more than %(n)s rows.") % {"n": f"{limit_rows:,}"}
            )
        )
    for index in sorted(unnamed):
        table.errors.append(
            TableError(
                table.header_row,
                _column_letters(index + 1),
                _("this column has values but no header."),
            )
        )
    return rows


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
