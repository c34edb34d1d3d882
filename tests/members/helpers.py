"""Builders for member tests: valid ID numbers and Excel rosters made in memory."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # GB 11643-1999, spec §5
CHECK = "10X98765432"


def check_char(body: str) -> str:
    """Independent of the code under test: the spec's table, not python-stdnum."""
    return CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def id_number(birth: dt.date, gender: str = "male", serial: int = 1, county: str = "520602") -> str:
    sequence = (serial % 500) * 2 + (1 if gender == "male" else 0)
    body = f"{county}{birth:%Y%m%d}{sequence:03d}"
    return body + check_char(body)


def member_data(**overrides: Any) -> dict[str, Any]:
    birth = overrides.pop("birth", dt.date(1990, 5, 1))
    gender = overrides.get("gender", "male")
    data = {
        "name": "测试党员",
        "gender": gender,
        "ethnicity": "01",
        "birth_date": birth.isoformat(),
        "id_number": id_number(birth, gender, overrides.pop("serial", 901)),
        "education": "bachelor",
        "phone": "13908569999",
        "category": "full",
        "admitted_on": "2015-07-01",
        "converted_on": "2016-07-01",
        "probation_extension_months": 0,
        "party_group": "",
    }
    data.update(overrides)
    return data


CHINESE_HEADERS = [
    "姓名", "性别", "民族", "出生日期", "身份证号", "学历", "手机号", "人员类别", "入党日期",
    "转正日期", "党小组", "工作岗位",
]  # fmt: skip
ENGLISH_HEADERS = [
    "name", "gender", "ethnicity", "birth_date", "id_number", "education", "phone",
    "category", "admitted_on", "converted_on", "party_group", "post",
]  # fmt: skip


def roster_row(i: int, **overrides: Any) -> list[Any]:
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=37 * i)
    gender = "男" if i % 2 else "女"
    row = {
        "name": f"导入{i}",
        "gender": gender,
        "ethnicity": "土家族" if i % 3 == 0 else "汉族",
        "birth_date": birth,
        "id_number": id_number(birth, "male" if gender == "男" else "female", serial=i % 400 + 100),
        "education": "大学本科",
        "phone": f"139085{i:05d}",
        "category": "正式党员",
        "admitted_on": dt.date(2010, 7, 1),
        "converted_on": dt.date(2011, 7, 1),
        "party_group": "第二党小组",
        "post": "科员",
    }
    row.update(overrides)
    return list(row.values())


def roster(rows: list[list[Any]], headers: list[str] = CHINESE_HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "roster.xlsx"
    return out
