"""Importing study records from Excel or CSV through the one tabular reader
(``core.tabular.read_table``): one record per row. Every row is checked and every error is
named ("row 7, column 学时: …"); unknown columns are reported by the reader; a file with any
error saves nothing (``services.records_import`` saves all rows in one transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.core.excel import append_row, bold_header, workbook_bytes
from branchwork.core.roles import Action
from branchwork.core.tabular import (
    Column,
    TableSpec,
    error_at,
    header_key,
    is_blank,
    parse_date,
    read_table,
    text,
)
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.study import rules
from branchwork.study.models import StudyRecord

SPEC = TableSpec(
    columns=(
        Column("name", ("姓名", "党员姓名", "member"), required=True),
        Column("id_last4", ("身份证后四位", "身份证号后四位", "id last 4")),
        Column("date", ("日期", "学习日期", "时间"), required=True),
        Column("topic", ("学习内容", "主题", "学习主题", "内容"), required=True),
        Column("form", ("学习形式", "形式", "方式"), required=True),
        Column("hours", ("学时", "时长", "数量", "amount"), required=True),
        Column("unit", ("单位", "计量单位")),
        Column("organizer", ("举办单位", "组织单位", "培训单位", "organized by")),
        Column("note", ("备注", "说明", "notes")),
    )
)
# The template's headers (Chinese, as offices write them).
TEMPLATE_HEADERS = [
    "姓名",
    "身份证后四位",
    "日期",
    "学习内容",
    "学习形式",
    "学时",
    "单位",
    "举办单位",
    "备注",
]

FORM_WORDS: dict[str, str] = {
    **{header_key(v): v for v in rules.Form.values},
    **{
        header_key(w): form
        for form, words in {
            rules.Form.COLLECTIVE: ("集中学习", "集体学习", "集体学习会", "collective study"),
            rules.Form.ONLINE: ("网络学习", "线上学习", "网上学习", "在线学习", "online study"),
            rules.Form.SELF_STUDY: ("自学", "个人自学", "self-study"),
            rules.Form.COURSE: ("培训班", "培训", "training course"),
            rules.Form.CENTRALISED: ("集中培训", "上级集中培训", "上级党组织集中培训"),
        }.items()
        for w in words
    },
}
UNIT_WORDS: dict[str, str] = {
    **{header_key(v): v for v in rules.Unit.values},
    **{
        header_key(w): unit
        for unit, words in {
            rules.Unit.CLASS_HOUR: ("学时", "课时", "小时", "hour", "hours"),
            rules.Unit.HALF_DAY: ("半天", "half day"),
            rules.Unit.DAY: ("天", "日", "day", "days"),
        }.items()
        for w in words
    },
}


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def template_bytes() -> bytes:
    """An empty import workbook with the headers and one example row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "学习记录"
    append_row(sheet, TEMPLATE_HEADERS)
    bold_header(sheet)
    append_row(sheet, ["张三", "1234", "2026-03-15", "学习党章", "自学", 2, "学时", "", ""])
    return workbook_bytes(book)


def read_records(
    *,
    user: Any,
    organization: Organization,
    data: bytes,
    unit_hours: dict[str, Decimal] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check every row of a study-record file for members of ``organization``'s subtree that
    ``user`` may manage study for. Returns the rows ready for ``services.records_import``
    (``{"line", "member", "data", "columns"}``) or every error; a file with errors gives no
    rows."""
    today = today or timezone.localdate()
    result = ImportResult()
    table = read_table(data, SPEC)
    if table.errors:
        result.errors = [str(e) for e in table.errors]
        return result
    columns = dict(table.headers)
    members = list(
        Member.objects.visible_to(user, Action.STUDY_MANAGE)
        .in_subtree(organization)
        .only("id", "name", "id_last4", "admitted_on", "organization_id")
    )
    by_name: dict[str, list[Member]] = {}
    for one in members:
        by_name.setdefault(one.name, []).append(one)
    seen: set[tuple[int, dt.date, str, str]] = set()
    rows = []
    for row in table.rows:
        if all(is_blank(v) for v in row.values.values()):
            continue
        errors: list[str] = []

        def error(
            name: str, message: str, errors: list[str] = errors, line: int = row.number
        ) -> None:
            errors.append(error_at(line, columns.get(name, name), message))

        name = text(row.get("name"))
        last4 = text(row.get("id_last4")).upper()
        candidates = by_name.get(name, [])
        if last4:
            candidates = [m for m in candidates if m.id_last4 == last4]
        member = None
        if not name:
            error("name", _("the name is empty"))
        elif not candidates:
            error(
                "name",
                _("no member named %(name)s in %(org)s") % {"name": name, "org": organization.name},
            )
        elif len(candidates) > 1:
            error(
                "name",
                _(
                    "%(name)s is the name of several members: add the last four digits of "
                    "the ID number"
                )
                % {"name": name},
            )
        else:
            member = candidates[0]
        date = None
        try:
            date = parse_date(row.get("date"))
            if date is None:
                error("date", _("the date is empty"))
        except ValueError as exc:
            error("date", str(exc))
        topic = text(row.get("topic"))
        if not topic:
            error("topic", _("the topic is empty"))
        elif len(topic) > 200:
            error("topic", _("at most 200 characters"))
        form = FORM_WORDS.get(header_key(text(row.get("form"))))
        if form is None:
            error(
                "form",
                _(
                    "%(value)r is not a form of study "
                    "(集中学习, 网络学习, 自学, 培训班, 上级集中培训)"
                )
                % {"value": text(row.get("form"))},
            )
        unit_raw = text(row.get("unit"))
        unit = UNIT_WORDS.get(header_key(unit_raw)) if unit_raw else rules.Unit.CLASS_HOUR
        if unit is None:
            error("unit", _("%(value)r is not a unit (学时, 半天, 天)") % {"value": unit_raw})
        hours = None
        try:
            quantity = Decimal(text(row.get("hours")))
            if unit is not None:
                hours = rules.to_hours(quantity, unit, unit_hours)
                problem = rules.hours_error(hours)
                if problem:
                    error("hours", problem)
                    hours = None
        except (InvalidOperation, ValueError):
            error("hours", _("%(value)r is not a number") % {"value": text(row.get("hours"))})
        organizer = text(row.get("organizer"))
        if form == rules.Form.CENTRALISED and not organizer:
            error("organizer", _("say which higher organization held the centralised training"))
        if date is not None:
            if date > today:
                error("date", _("study in the future cannot be recorded yet"))
            elif member is not None and date < member.admitted_on:
                error(
                    "date",
                    _("%(name)s was admitted on %(admitted)s")
                    % {"name": member.name, "admitted": member.admitted_on.isoformat()},
                )
        if member is not None and date is not None and form is not None:
            key = (member.pk, date, topic, form)
            if key in seen:
                errors.append(error_at(row.number, None, _("the same record is in the file twice")))
            elif StudyRecord.objects.filter(
                member=member, date=date, topic=topic, form=form
            ).exists():
                errors.append(error_at(row.number, None, _("already recorded")))
            seen.add(key)
        if errors:
            result.errors.extend(errors)
            continue
        rows.append(
            {
                "line": row.number,
                "member": member,
                "columns": columns,
                "data": {
                    "date": date,
                    "topic": topic,
                    "form": form,
                    "hours": hours,
                    "organizer": organizer,
                    "note": text(row.get("note"))[:300],
                },
            }
        )
    if not result.errors and not rows:
        result.errors.append(_("The file has no rows under the header."))
    result.rows = [] if result.errors else rows
    return result
