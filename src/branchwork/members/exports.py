"""Writing the member roll to Excel: the export (masked unless the caller may see personal
data) and the empty roster template, with the columns ``members.imports`` reads."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.core.excel import bold_header, field_value, plain_row, workbook_bytes
from branchwork.members import rules
from branchwork.members.imports import COLUMNS
from branchwork.members.models import Member

EDUCATION_ZH = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "college": "大学专科",
    "secondary_vocational": "中专",
    "high_school": "高中",
    "junior_high_or_below": "初中及以下",
}


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
    """The members as an .xlsx roll (bytes), headers in the page's language, with their
    status. ID numbers and phones are masked unless ``full_personal_data``."""
    chinese = (get_language() or "").startswith("zh")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员名册" if chinese else "members")
    sheet.append([*_headers(chinese), "状态" if chinese else "status"])
    # Every choice as its label in the export's language (男 / Male, 大学本科 / Bachelor's
    # degree, 正式党员 / Full member), never the stored code; the import reads both.
    ethnic = {code: zh if chinese else en for code, zh, en in rules.ETHNIC_GROUPS}
    for m in members:
        sheet.append(
            plain_row(
                sheet,
                [
                    m.name,
                    field_value(m, "gender"),
                    ethnic.get(m.ethnicity, m.ethnicity),
                    m.birth_date,
                    m.id_number if full_personal_data else m.id_number_masked,
                    field_value(m, "education"),
                    m.phone if full_personal_data else m.phone_masked,
                    field_value(m, "category"),
                    m.admitted_on,
                    m.converted_on,
                    m.party_group.name if m.party_group else "",
                    m.post,
                    m.native_place,
                    m.work_unit,
                    m.job_title,
                    m.party_posts,
                    field_value(m, "status"),
                ],
            )
        )
    return workbook_bytes(book)
