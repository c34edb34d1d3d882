"""Importing an existing ledger: all or nothing, every bad row named, unknown columns
reported."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from branchwork.assistance import imports, services
from branchwork.assistance.models import LedgerEntry
from tests.assistance.factories import build
from tests.conftest import TEST_ACTOR

HEADER = [
    "日期",
    "帮扶单位",
    "县",
    "村",
    "类型",
    "数量",
    "单位",
    "金额（元）",
    "来源",
    "用途",
    "备注",
]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["2019年帮扶台账"])  # a title row above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    [
        "2019-03-01",
        "市公路管理局",
        "520625",
        "团结村",
        "物资",
        20,
        "袋",
        12000,
        "直接投入",
        "化肥",
        "",
    ],
    ["2019-06-01", "市公路管理局", "松桃", "", "资金", None, "", "50,000", "引进", "产业", ""],
    [
        "2019-07-01",
        "市公路管理局",
        "印江土家族苗族自治县",
        "520625100201",
        "培训",
        30,
        "人",
        0,
        "",
        "技术培训",
        "",
    ],
]


@pytest.fixture
def data(persona_tree):
    return build(persona_tree)


def test_a_good_ledger_is_imported_whole(persona_tree, data):
    result = imports.read_ledger(workbook(GOOD), persona_tree.branch)
    assert result.errors == []
    count = services.entries_import(
        actor=TEST_ACTOR, organization=persona_tree.branch, rows=result.rows, filename="a.xlsx"
    )
    assert count == 3
    rows = list(LedgerEntry.objects.filter(organization=persona_tree.branch).order_by("date"))
    assert [r.kind for r in rows] == ["materials", "funds", "training"]
    assert rows[0].village == data.village
    assert rows[1].county == data.county2 and rows[1].source == "brought_in"
    assert sum(r.amount for r in rows) == Decimal("62000.00")


def test_every_bad_row_is_named_and_nothing_is_saved(persona_tree, data):
    bad = [
        *GOOD,
        ["not a date", "局", "520625", "", "物资", 1, "", 10, "", "x", ""],
        ["2019-01-01", "局", "520999", "", "捐款箱", 1, "", -5, "借来的", "x", ""],
        ["2019-01-01", "局", "520625", "龙门村", "资金", "many", "", 5, "", "", ""],
    ]
    result = imports.read_ledger(workbook(bad), persona_tree.branch)
    assert not result.ok and result.rows == []
    text = "\n".join(result.errors)
    assert "row 6, column 日期" in text
    assert "row 7, column 县" in text and "row 7, column 类型" in text
    assert "row 7, column 金额(元)" in text and "row 7, column 来源" in text
    assert (
        "row 8, column 村" in text and "row 8, column 数量" in text and "row 8, column 用途" in text
    )
    assert not any("row 3" in e or "row 4" in e or "row 5" in e for e in result.errors)


def test_unknown_columns_are_reported(persona_tree, data):
    result = imports.read_ledger(workbook(GOOD, header=[*HEADER, "经手人"]), persona_tree.branch)
    assert not result.ok
    assert any("经手人" in e for e in result.errors)


def test_the_import_page_saves_nothing_when_a_row_is_wrong(persona_tree, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = persona_tree.client("secretary")
    url = f"/assistance/import/?org={persona_tree.branch.code}"
    bad = [*GOOD, ["2019-01-01", "局", "520999", "", "物资", 1, "", 5, "", "x", ""]]
    response = client.post(url, {"file": SimpleUploadedFile("l.xlsx", workbook(bad))})
    assert response.status_code == 200
    assert "row 6, column 县" in response.text
    assert not LedgerEntry.objects.filter(organization=persona_tree.branch).exists()
    response = client.post(url, {"file": SimpleUploadedFile("l.xlsx", workbook(GOOD))})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(organization=persona_tree.branch).count() == 3
