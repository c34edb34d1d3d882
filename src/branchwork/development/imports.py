"""Reading an existing development register (发展党员工作台账) from Excel or CSV.

The file is read by the one tabular reader (``core.tabular.read_table``). Each row is checked
as the page would check it: the ID number as the registry does (``forms.check_identity``), the
dates in the order of the steps and against the hard limits (``rules.check_step``: age at
application, the talk within one month, a full year as an activist). Any error means nothing
is written, and every bad row is named ("row N, column X: reason"). People already admitted
belong in the member registry, so the register's columns stop at the development target.
Saving is ``services.people_import``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branchwork.core import crypto
from branchwork.core.tabular import Column, TableError, TableSpec, parse_date, read_table, text
from branchwork.development import rules
from branchwork.development.forms import check_identity
from branchwork.members.forms import normalise_phone
from branchwork.members.rules import ETHNICITY_BY_NAME, GENDER_WORDS, HAN

# (field, headers (Chinese first), required)
COLUMNS: list[tuple[str, tuple[str, ...], bool]] = [
    ("name", ("姓名", "name"), True),
    ("gender", ("性别", "gender"), True),
    ("ethnicity", ("民族", "ethnicity"), False),
    ("birth_date", ("出生日期", "出生年月", "birth_date"), True),
    ("id_number", ("身份证号", "公民身份号码", "身份证号码", "id_number"), True),
    ("phone", ("联系电话", "手机号", "phone"), False),
    ("work_unit", ("工作单位", "单位", "work_unit"), False),
    ("post", ("岗位", "工作岗位", "post"), False),
    ("applied_on", ("申请入党日期", "递交申请书日期", "申请入党时间", "applied_on"), True),
    ("talk_on", ("谈话日期", "谈话时间", "talk_on"), False),
    ("activist_on", ("确定积极分子日期", "确定为入党积极分子时间", "activist_on"), False),
    ("target_on", ("确定发展对象日期", "确定为发展对象时间", "target_on"), False),
    ("notes", ("备注", "notes"), False),
]
SPEC = TableSpec(
    columns=tuple(Column(name, headers, required=required) for name, headers, required in COLUMNS)
)
# The register's dates and the steps they record.
DATE_STEPS = (("applied_on", 1), ("talk_on", 2), ("activist_on", 3), ("target_on", 7))


@dataclass
class RegisterCheck:
    people: list[tuple[dict[str, Any], dict[int, dt.date], str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _facts(birth: dt.date, dates: dict[int, dt.date]) -> rules.StepFacts:
    return rules.StepFacts(birth_date=birth, dates=dates)


def check_register(data: bytes) -> RegisterCheck:
    """Every row of the file checked; ``people`` is filled only when there is no error."""
    table = read_table(data, SPEC)
    result = RegisterCheck()
    if not table.ok:
        result.errors = [str(e) for e in table.errors]
        return result
    seen: dict[str, int] = {}
    for row in table.rows:
        errors: list[TableError] = []
        flagged: set[str] = set()

        def bad(
            column: str,
            message: str,
            number: int = row.number,
            errors: list[TableError] = errors,
            flagged: set[str] = flagged,
        ) -> None:
            flagged.add(column)
            errors.append(TableError(number, table.headers.get(column, column), message))

        values: dict[str, Any] = {}
        for name in ("name", "phone", "work_unit", "post", "notes"):
            values[name] = text(row.get(name, ""))
        if not values["name"]:
            bad("name", _("The name is missing."))
        gender = GENDER_WORDS.get(text(row.get("gender", "")).lower())
        if gender is None:
            bad("gender", _("Write 男 or 女."))
        ethnicity_raw = text(row.get("ethnicity", ""))
        ethnicity = ETHNICITY_BY_NAME.get(ethnicity_raw.lower(), None) if ethnicity_raw else HAN
        if ethnicity is None:
            bad("ethnicity", _("Unknown ethnicity %(value)s.") % {"value": ethnicity_raw})
        dates_raw: dict[str, dt.date | None] = {}
        for name in ("birth_date", *(d for d, _n in DATE_STEPS)):
            raw = row.get(name)
            day = parse_date(raw) if raw not in (None, "") else None
            if raw not in (None, "") and day is None:
                bad(name, _("Not a date: %(value)s.") % {"value": text(raw)})
            dates_raw[name] = day
        birth = dates_raw["birth_date"]
        if birth is None and "birth_date" not in flagged:
            bad("birth_date", _("The birth date is missing."))
        number, identity = check_identity(text(row.get("id_number", "")), birth, gender)
        for column, message in identity.items():
            bad(column, message)
        if number:
            key = crypto.lookup_hash(number)
            if key in seen:
                bad("id_number", _("The same ID number is on row %(row)d.") % {"row": seen[key]})
            seen[key] = row.number
        try:
            values["phone"] = normalise_phone(values["phone"])
        except ValidationError as exc:
            bad("phone", " ".join(exc.messages))
        dates: dict[int, dt.date] = {}
        if birth is not None:
            for column, step in DATE_STEPS:
                day = dates_raw[column]
                if day is None:
                    continue
                # The steps between the register's dates are not dated in it: judge the limit
                # as if they were on the previous dated step's day.
                checked = dict(dates)
                if checked:
                    last = max(checked)
                    for n in range(last + 1, step):
                        checked[n] = checked[last]
                refusals = rules.check_step(step, day, _facts(birth, checked))
                for refusal in refusals:
                    bad(column, str(refusal))
                dates[step] = day
        if dates_raw["applied_on"] is None and "applied_on" not in flagged:
            bad("applied_on", _("The date of application is missing."))
        if errors:
            result.errors.extend(str(e) for e in errors)
            continue
        values.update(
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            id_number=number,
            education="",
        )
        notes = values.pop("notes")
        result.people.append((values, dates, notes))
    if result.errors:
        result.people = []
    return result
