"""Reading the member roll from Excel.

Import reads the first sheet; the first row holds headers in Chinese or English (any order,
unknown columns are ignored). Every row is validated with MemberForm, the same form as the
page; any error means nothing is written, and every error is reported as
"row N, column X: reason". Saving is ``services.members_import``; writing workbooks is
``members.exports``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from branchwork.core import crypto
from branchwork.members import rules
from branchwork.members.forms import MemberForm, party_groups_of
from branchwork.members.models import Member
from branchwork.members.rules import CATEGORY_WORDS, EDUCATION_WORDS, GENDER_WORDS
from branchwork.organizations.models import Organization

# (field, Chinese header, English header, required)
COLUMNS: list[tuple[str, str, str, bool]] = [
    ("name", "姓名", "name", True),
    ("gender", "性别", "gender", True),
    ("ethnicity", "民族", "ethnicity", True),
    ("birth_date", "出生日期", "birth_date", True),
    ("id_number", "身份证号", "id_number", True),
    ("education", "学历", "education", False),
    ("phone", "手机号", "phone", False),
    ("category", "人员类别", "category", True),
    ("admitted_on", "入党日期", "admitted_on", True),
    ("converted_on", "转正日期", "converted_on", False),
    ("party_group", "党小组", "party_group", False),
    ("post", "工作岗位", "post", False),
    ("native_place", "籍贯", "native_place", False),
    ("work_unit", "工作单位", "work_unit", False),
    ("job_title", "职称", "job_title", False),
    ("party_posts", "党内职务", "party_posts", False),
]
HEADER_TO_FIELD = {}
for _field, _zh, _en, _req in COLUMNS:
    HEADER_TO_FIELD[_zh] = _field
    HEADER_TO_FIELD[_en] = _field
    HEADER_TO_FIELD[_en.replace("_", " ")] = _field
DATE_FIELDS = {"birth_date", "admitted_on", "converted_on"}


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)  # cleaned data, one per row
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date_text(value: Any) -> tuple[str, str | None]:
    """An ISO date string from an Excel date or a YYYY-MM-DD text, or an error."""
    if value is None or value == "":
        return "", None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = _text(value)
    try:
        return dt.date.fromisoformat(text).isoformat(), None
    except ValueError:
        return "", _("%(value)r is not a date; use an Excel date or YYYY-MM-DD.") % {"value": text}


def _lookup(words: dict[str, str], value: str, what: str) -> tuple[str, str | None]:
    if not value:
        return "", None
    key = value.strip()
    found = words.get(key) or words.get(key.lower())
    if found is None:
        return "", _("%(value)r is not a known %(what)s.") % {"value": value, "what": what}
    return found, None


def read_members(upload: BinaryIO, organization: Organization) -> ImportResult:
    """Parse and validate every row of a roster workbook for ``organization``; collect every
    error ("row N, column X: reason"). Writes nothing.

    ``upload`` is a binary file of an .xlsx workbook. Returns an ``ImportResult``: the
    cleaned rows (MemberForm.cleaned_data) when ``ok``, else every error found.
    """
    result = ImportResult()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        result.errors.append(
            _("The file is not a readable .xlsx workbook (%(error)s).") % {"error": exc}
        )
        return result
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row:
        result.errors.append(_("The first sheet is empty."))
        return result

    columns: dict[int, str] = {}
    header_of: dict[str, str] = {}
    for index, header in enumerate(header_row):
        name = _text(header).rstrip("*").strip()
        field_name = HEADER_TO_FIELD.get(name) or HEADER_TO_FIELD.get(name.lower())
        if field_name:
            if field_name in header_of:
                result.errors.append(
                    _("row 1: columns %(a)s and %(b)s both hold %(field)s.")
                    % {"a": header_of[field_name], "b": name, "field": field_name}
                )
            columns[index] = field_name
            header_of[field_name] = name
    chinese = any(h in {c[1] for c in COLUMNS} for h in header_of.values())
    for field_name, zh, en, required in COLUMNS:
        if required and field_name not in header_of:
            result.errors.append(
                _("row 1: the column %(column)s is missing.") % {"column": zh if chinese else en}
            )
            header_of[field_name] = zh if chinese else en
    for field_name, zh, en, _required in COLUMNS:
        header_of.setdefault(field_name, zh if chinese else en)
    if result.errors:
        return result

    groups = {}
    group_queryset = party_groups_of(organization)
    for group in group_queryset:
        for key in (group.name, group.short_name, group.code):
            if key:
                groups[key] = group.pk
    seen_ids: dict[str, int] = {}
    existing = set(Member.objects.values_list("id_number_hash", flat=True))

    for row_number, values in enumerate(rows, start=2):
        if values is None or all(v is None or _text(v) == "" for v in values):
            continue
        raw = {columns[i]: v for i, v in enumerate(values) if i in columns}
        data: dict[str, Any] = {}
        row_errors: list[str] = []
        problem_fields: set[str] = set()

        def error(
            field_name: str,
            message: str,
            row_number: int = row_number,
            row_errors: list[str] = row_errors,
        ) -> None:
            row_errors.append(
                _("row %(row)d, column %(column)s: %(reason)s")
                % {"row": row_number, "column": header_of[field_name], "reason": message}
            )

        for field_name in header_of:
            value = raw.get(field_name)
            if field_name in DATE_FIELDS:
                data[field_name], problem = _date_text(value)
            elif field_name == "id_number" and isinstance(value, int | float):
                problem = _(
                    "the ID number is stored as a number, which loses digits; format the "
                    "column as text."
                )
                data[field_name] = ""
            elif field_name == "gender":
                data[field_name], problem = _lookup(GENDER_WORDS, _text(value), _("gender"))
            elif field_name == "category":
                data[field_name], problem = _lookup(CATEGORY_WORDS, _text(value), _("category"))
            elif field_name == "education":
                data[field_name], problem = _lookup(EDUCATION_WORDS, _text(value), _("education"))
            elif field_name == "ethnicity":
                data[field_name], problem = _lookup(
                    rules.ETHNICITY_BY_NAME, _text(value), _("ethnicity")
                )
            elif field_name == "party_group":
                text = _text(value)
                problem = None
                data[field_name] = groups.get(text, "") if text else ""
                if text and not data[field_name]:
                    problem = _("there is no party group called %(name)r in %(org)s.") % {
                        "name": text,
                        "org": organization.name,
                    }
            else:
                data[field_name] = _text(value)
                problem = None
            if problem:
                error(field_name, problem)
                problem_fields.add(field_name)

        form = MemberForm(
            data, organization=organization, check_unique=False, party_groups=group_queryset
        )
        if not form.is_valid():
            for field_name, messages in form.errors.items():
                if field_name in problem_fields:
                    continue  # already reported with the value that could not be read
                if field_name not in header_of:
                    header_of[field_name] = str(form.fields[field_name].label)
                for message in messages:
                    error(field_name, message)
        if form.id_info is not None:
            number = form.id_info.number
            if number in seen_ids:
                error(
                    "id_number",
                    _("the same ID number as row %(row)d.") % {"row": seen_ids[number]},
                )
            elif crypto.lookup_hash(number) in existing:
                error("id_number", _("this ID number is already on a roll in Branchwork."))
            seen_ids.setdefault(number, row_number)
        if row_errors:
            result.errors.extend(row_errors)
        else:
            result.rows.append(form.cleaned_data)
    if not result.rows and not result.errors:
        result.errors.append(_("The sheet has headers but no members."))
    return result
