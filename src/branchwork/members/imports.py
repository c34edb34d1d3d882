"""Reading the member roll from the files offices send.

The file is read by the one tabular reader (``core.tabular``: .xlsx, .xls, .ods or CSV, the
active visible sheet, the header row found under title rows, headers in Chinese or English
with the synonyms below, every column not understood reported). Each value is normalised,
then every row is validated with MemberForm, the same form as the page; reference values
(gender, ethnicity, education, category, party group) are matched leniently and an unknown one
is refused with the allowed values. Any error means nothing is written, and every error is
reported as "row N, column X: reason", all in one pass. Saving is
``services.members_import``; writing workbooks is ``members.exports``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from branchwork.core import crypto
from branchwork.core.tabular import (
    Column,
    TableSpec,
    error_at,
    is_number,
    parse_date,
    read_table,
    text,
)
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
# Other headers offices use for the roster columns, as data: the national party-member
# information base's own names and the common variants. "职务" is left out on purpose: it can
# mean a post in the unit or in the party, so a file using it is told so.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("党员姓名",),
    "gender": ("性 别",),
    "ethnicity": ("民 族",),
    "birth_date": ("出生年月日", "出生时间", "出生年月"),
    "id_number": ("公民身份号码", "身份证号码", "身份证", "居民身份证号码"),
    "education": ("学历层次", "文化程度", "最高学历"),
    "phone": ("手机号码", "联系电话", "手机", "电话", "联系方式"),
    "category": ("党员类别", "人员类型", "党员类型"),
    "admitted_on": ("入党时间", "加入党组织日期", "加入中国共产党日期"),
    "converted_on": ("转正时间", "转为正式党员日期", "转正日期"),
    "party_group": ("所在党小组",),
    "post": ("岗位", "工作岗位(职务)"),
    "native_place": (),
    "work_unit": ("单位", "所在单位"),
    "job_title": ("专业技术职务",),
    "party_posts": ("党内职务(含兼职)",),
}
SPEC = TableSpec(
    columns=tuple(
        Column(field_name, (zh, *SYNONYMS.get(field_name, ())), required=required)
        for field_name, zh, _en, required in COLUMNS
    )
)
DATE_FIELDS = {"birth_date", "admitted_on", "converted_on"}

_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CHINESE_DIGITS["零"] = "0"


_CHINESE_NUMBER = re.compile("[〇零一二三四五六七八九十]+")
_SPACES = re.compile(r"\s+")


def _arabic(text: str) -> str:
    """Chinese numerals up to 99 as digits: 第一 → 第1, 十二 → 12, 二十 → 20, 二十三 → 23."""

    def number(match: re.Match[str]) -> str:
        word = match.group(0)
        if "十" not in word:
            return "".join(_CHINESE_DIGITS[c] for c in word)
        tens, _sep, ones = word.partition("十")
        value = (int(_CHINESE_DIGITS[tens]) if tens else 1) * 10
        return str(value + (int(_CHINESE_DIGITS[ones]) if ones else 0))

    return _CHINESE_NUMBER.sub(number, text)


def lenient_key(text: str) -> str:
    """A reference value as compared: NFKC, no spaces, lower case, Chinese numerals as digits
    (第1党小组 = 第一党小组 = 第 一 党小组)."""
    return _arabic(_SPACES.sub("", unicodedata.normalize("NFKC", text))).lower()


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)  # cleaned data, one per row
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _date_value(value: Any) -> tuple[dt.date | str, str | None]:
    """A date from a workbook date or a year-first text date ("" for an empty cell), or an
    error. The form takes the date as it is (no second parse of a text form)."""
    try:
        day = parse_date(value)
    except ValueError as exc:
        return "", str(exc)
    return (day or ""), None


class _Words:
    """A table of reference words (word -> stored code) keyed leniently once, for matching
    every row's value against it."""

    def __init__(self, words: dict[str, str], what: Any) -> None:
        self.keyed = {lenient_key(word): code for word, code in words.items()}
        self.what = what
        # The first (full) Chinese word of each value, at most a dozen of them.
        first: dict[str, str] = {}
        for word, code in words.items():
            if not word.isascii():
                first.setdefault(code, word)
        self.allowed = "、".join(list(first.values())[:12]) + ("…" if len(first) > 12 else "")

    def lookup(self, value: str) -> tuple[str, str | None]:
        """``value`` matched leniently, or an error that lists the allowed words."""
        if not value:
            return "", None
        found = self.keyed.get(lenient_key(value))
        if found is None:
            return "", _("%(value)r is not a known %(what)s; use one of: %(allowed)s.") % {
                "value": value,
                "what": self.what,
                "allowed": self.allowed,
            }
        return found, None


def read_members(upload: BinaryIO, organization: Organization) -> ImportResult:
    """Parse and validate every row of a roster workbook for ``organization``; collect every
    error ("row N, column X: reason"). Writes nothing.

    ``upload`` is a binary file of an .xlsx workbook. Returns an ``ImportResult``: the
    cleaned rows (MemberForm.cleaned_data) when ``ok``, else every error found.
    """
    result = ImportResult()
    table = read_table(upload.read(), SPEC)
    if table.errors:
        result.errors.extend(str(e) for e in table.errors)
        return result
    header_of: dict[str, str] = dict(table.headers)
    chinese = any(not h.isascii() for h in header_of.values())
    for field_name, zh, en, _required in COLUMNS:
        header_of.setdefault(field_name, zh if chinese else en)

    groups: dict[str, int] = {}
    group_queryset = party_groups_of(organization)
    for group in group_queryset:
        for key in (group.name, group.short_name, group.code):
            if key:
                groups[lenient_key(key)] = group.pk
    seen_ids: dict[str, int] = {}
    existing = set(Member.objects.values_list("id_number_hash", flat=True))
    words = {
        "gender": _Words(GENDER_WORDS, _("gender")),
        "category": _Words(CATEGORY_WORDS, _("category")),
        "education": _Words(EDUCATION_WORDS, _("education")),
        "ethnicity": _Words(rules.ETHNICITY_BY_NAME, _("ethnicity")),
    }
    # One form checks every row (the same fields and rules as the page; see validate_row).
    form = MemberForm(organization=organization, check_unique=False, party_groups=group_queryset)

    for table_row in table.rows:
        row_number = table_row.number
        raw = table_row.values
        data: dict[str, Any] = {}
        row_errors: list[str] = []
        problem_fields: set[str] = set()

        def error(
            field_name: str,
            message: str,
            row_number: int = row_number,
            row_errors: list[str] = row_errors,
        ) -> None:
            row_errors.append(error_at(row_number, header_of[field_name], message))

        for field_name in header_of:
            value = raw.get(field_name)
            if field_name in DATE_FIELDS:
                data[field_name], problem = _date_value(value)
            elif field_name == "id_number" and is_number(value):
                problem = _(
                    "the ID number is stored as a number, which loses digits; format the "
                    "column as text."
                )
                data[field_name] = ""
            elif field_name in words:
                data[field_name], problem = words[field_name].lookup(text(value))
            elif field_name == "party_group":
                name = text(value)
                problem = None
                data[field_name] = groups.get(lenient_key(name), "") if name else ""
                if name and not data[field_name]:
                    problem = _(
                        "there is no party group called %(name)r in %(org)s; its groups: "
                        "%(groups)s."
                    ) % {
                        "name": name,
                        "org": organization.name,
                        "groups": "、".join(g.name for g in group_queryset) or "—",
                    }
            else:
                data[field_name] = text(value)
                problem = None
            if problem:
                error(field_name, problem)
                problem_fields.add(field_name)

        if not form.validate_row(data):
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
