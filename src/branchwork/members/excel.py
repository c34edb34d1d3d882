"""Excel in and out for the member roll.

Import reads the first sheet; the first row holds headers in Chinese or English (any order,
unknown columns are ignored). Every row is validated with MemberForm, the same form as the
page; any error means nothing is written, and every error is reported as
"row N, column X: reason". Export writes the same columns, masking personal data unless the
caller may see it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from branchwork.core import crypto
from branchwork.core.excel import bold_header, plain_row, workbook_bytes
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

EDUCATION_ZH = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "college": "大学专科",
    "secondary_vocational": "中专",
    "high_school": "高中",
    "junior_high_or_below": "初中及以下",
}


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
    """Parse and validate every row; collect every error. Writes nothing."""
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


def _headers(chinese: bool) -> list[str]:
    return [zh if chinese else en for _f, zh, en, _r in COLUMNS]


def template_workbook() -> bytes:
    """An empty roster with the headers (in the page's language) and an instructions sheet."""
    chinese = (get_language() or "").startswith("zh")
    book = Workbook()
    sheet = book.active
    sheet.title = "党员名册" if chinese else "members"
    sheet.append(_headers(chinese))
    bold_header(sheet)
    for column in ("E", "G"):  # ID number and phone as text, so Excel keeps every digit
        for row in range(2, 1002):
            sheet[f"{column}{row}"].number_format = "@"
    notes = book.create_sheet("说明" if chinese else "instructions")
    notes.append([_("Column"), _("Required"), _("Accepted values")])
    allowed = {
        "gender": "男 / 女 / male / female",
        "ethnicity": "汉族, 苗族, 土家族, 侗族 … (GB/T 3304)",
        "birth_date": "YYYY-MM-DD",
        "id_number": _("18 characters, as text"),
        "education": " / ".join(EDUCATION_ZH.values()),
        "category": "正式党员 / 预备党员 / full / probationary",
        "admitted_on": "YYYY-MM-DD",
        "converted_on": _("YYYY-MM-DD; empty for a probationary member"),
        "party_group": _("name of a party group of the branch"),
    }
    for field_name, zh, en, required in COLUMNS:
        notes.append([f"{zh} / {en}", _("yes") if required else "", allowed.get(field_name, "")])
    return workbook_bytes(book)


def export_workbook(members: list[Member], *, full_personal_data: bool) -> bytes:
    chinese = (get_language() or "").startswith("zh")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员名册" if chinese else "members")
    sheet.append([*_headers(chinese), "状态" if chinese else "status"])
    ethnic = {code: zh for code, zh, _en in rules.ETHNIC_GROUPS}
    for m in members:
        sheet.append(
            plain_row(
                sheet,
                [
                    m.name,
                    ("男" if m.gender == "male" else "女") if chinese else m.gender,
                    ethnic.get(m.ethnicity, m.ethnicity),
                    m.birth_date,
                    m.id_number if full_personal_data else m.id_number_masked,
                    EDUCATION_ZH.get(m.education, "") if chinese else m.education,
                    m.phone if full_personal_data else m.phone_masked,
                    ("正式党员" if m.category == "full" else "预备党员") if chinese else m.category,
                    m.admitted_on,
                    m.converted_on,
                    m.party_group.name if m.party_group else "",
                    m.post,
                    m.native_place,
                    m.work_unit,
                    m.job_title,
                    m.party_posts,
                    str(m.get_status_display()) if chinese else m.status,
                ],
            )
        )
    return workbook_bytes(book)
