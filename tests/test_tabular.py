"""The one tabular reader (core.tabular): formats by content, sheets, header rows, synonyms,
unknown columns, normalised values, limits. The office-shaped files are in ../shared/cases."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from branchwork.core.tabular import (
    FORMULA_WITHOUT_VALUE,
    Column,
    TableSpec,
    detect_format,
    header_key,
    parse_date,
    read_table,
    text,
)

# Copies of ../shared/cases (the office-shaped inputs), kept in the repository so the tests
# never skip for want of them.
CASES = Path(__file__).resolve().parent / "data" / "cases"

SPEC = TableSpec(
    columns=(
        Column("name", ("姓名",), required=True),
        Column("id_number", ("身份证号", "公民身份号码", "身份证号码"), required=True),
        Column("birth_date", ("出生日期",)),
        Column("phone", ("手机号", "手机号码", "联系电话")),
        Column("party_group", ("党小组", "所在党小组")),
    )
)


def xlsx(rows, *, title_rows=(), hidden_first=False, active=None) -> bytes:
    wb = Workbook()
    sheet = wb.active
    if hidden_first:
        sheet.title = "字典"
        sheet.append(["汉族", "壮族"])
        sheet.sheet_state = "hidden"
        sheet = wb.create_sheet("名册")
        wb.active = 1
    for title in title_rows:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    if active is not None:
        wb.active = active
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def case(name: str) -> bytes:
    path = CASES / name
    return path.read_bytes()


def test_headers_match_ignoring_case_spaces_and_full_width():
    assert header_key("ＩＲＩ") == header_key("iri") == header_key(" I R I ") == "iri"
    assert header_key("RD_mm") == header_key("rd mm") == "rdmm"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2012-7-1", dt.date(2012, 7, 1)),
        ("2012/7/1", dt.date(2012, 7, 1)),
        ("2012.07.01", dt.date(2012, 7, 1)),
        ("2012年7月1日", dt.date(2012, 7, 1)),
        ("20120701", dt.date(2012, 7, 1)),
        ("２０１２－０７－０１", dt.date(2012, 7, 1)),
        ("2012-07-01 00:00:00", dt.date(2012, 7, 1)),
        (dt.datetime(2012, 7, 1), dt.date(2012, 7, 1)),
        (dt.date(2012, 7, 1), dt.date(2012, 7, 1)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_year_first_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["7/1/2012", "01.07.2012", "2012-02-30", "2012-13-01", "July"])
def test_dates_that_could_be_misread_or_do_not_exist_are_refused(value):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(value)


def test_text_normalises_full_width_forms_and_whole_numbers():
    assert text("\u3000５２０６０２　") == "520602"
    assert text(13800000000.0) == "13800000000"
    assert text(None) == ""
    assert text(FORMULA_WITHOUT_VALUE) == ""


def test_format_is_recognised_by_content():
    assert detect_format(xlsx([["姓名"]])) == "xlsx"
    assert detect_format("姓名,身份证号\n".encode()) == "csv"
    assert detect_format(case("06b-xls-renamed-xlsx.xlsx")) == "xls"


def test_title_rows_above_the_header_are_skipped():
    table = read_table(
        xlsx([["姓名", "身份证号"], ["张三", "520602199001010226"]], title_rows=["2026年党员名册"]),
        SPEC,
    )
    assert table.ok and table.header_row == 2
    assert [(r.number, r.values) for r in table.rows] == [
        (3, {"name": "张三", "id_number": "520602199001010226"})
    ]


def test_the_active_visible_sheet_is_read_never_a_hidden_one():
    data = xlsx([["姓名", "身份证号"], ["李四", "520602199001010226"]], hidden_first=True)
    table = read_table(data, SPEC)
    assert table.sheet == "名册" and table.rows[0].values["name"] == "李四"
    assert "hidden" in str(read_table(data, SPEC, sheet="字典").errors[0])


def test_unknown_columns_are_reported_with_the_nearest_name():
    data = xlsx(
        [["姓名", "身份证号", "手机号吗", "职务"], ["王五", "520602199001010226", "1", "x"]]
    )
    table = read_table(data, SPEC)
    messages = [str(e) for e in table.errors]
    assert any("手机号吗" in m and "did you mean" in m for m in messages)
    assert any("职务" in m and "not a known column" in m for m in messages)
    assert table.rows == []


def test_values_without_a_header_are_reported():
    table = read_table(
        xlsx([["姓名", "身份证号", None], ["王五", "520602199001010226", "x"]]), SPEC
    )
    assert [str(e) for e in table.errors] == [
        "row 1, column C: this column has values but no header."
    ]


def test_missing_required_columns_are_all_reported_at_once():
    table = read_table(xlsx([["手机号"], ["13800000000"]]), SPEC)
    # Named as the file names its columns: in Chinese, since its headers are Chinese.
    assert sorted(e.column for e in table.errors) == sorted(["姓名", "身份证号"])


def test_a_repeated_column_is_an_error():
    table = read_table(xlsx([["姓名", "身份证号", "公民身份号码"], ["a", "b", "c"]]), SPEC)
    assert "repeats" in str(table.errors[0])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_offices_save(encoding):
    data = "姓名,身份证号\n赵六,520602199001010226\n".encode(encoding)
    table = read_table(data, SPEC)
    assert table.ok and table.rows[0].values == {"name": "赵六", "id_number": "520602199001010226"}


def test_csv_row_numbers_count_blank_lines():
    table = read_table("姓名,身份证号\n\n赵六,1\n".encode(), SPEC)
    assert [r.number for r in table.rows] == [3]


def test_files_over_the_limits_are_refused_before_parsing():
    data = xlsx([["姓名", "身份证号"], *[[f"n{i}", str(i)] for i in range(30)]])
    assert "larger than" in str(read_table(data, SPEC, max_bytes=100).errors[0])
    assert "more than 10 rows" in str(read_table(data, SPEC, max_rows=10).errors[0])


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    table = read_table(buffer.getvalue(), SPEC)
    assert "unsafe" in str(table.errors[0])


@pytest.mark.parametrize(
    "junk", [b"", b"\x00\x01\x02binary", b"PK\x03\x04broken", b"%PDF-1.4\x00"], ids=repr
)
def test_junk_gives_a_clear_error_never_an_exception(junk):
    table = read_table(junk, SPEC)
    assert table.errors and table.rows == []


def test_a_formula_saved_without_its_value_is_marked():
    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["钱七", "=A1"])
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl writes formulas without cached values
    table = read_table(buffer.getvalue(), SPEC)
    assert table.rows[0].values["id_number"] is FORMULA_WITHOUT_VALUE


@pytest.mark.parametrize(
    "name",
    [
        "03-id-fullwidth.xlsx",
        "05-title-row-above-header.xlsx",
        "06-roster-saved-as-xls.xls",
        "06b-xls-renamed-xlsx.xlsx",
        "07-hidden-first-sheet.xlsx",
        "08-header-variants.xlsx",
    ],
)
def test_office_shaped_rosters_are_read(name):
    spec = TableSpec(
        columns=(
            *SPEC.columns,
            *(
                Column(n, s)
                for n, s in [
                    ("gender", ("性别",)),
                    ("ethnicity", ("民族",)),
                    ("education", ("学历",)),
                    ("category", ("人员类别",)),
                    ("admitted_on", ("入党日期", "入党时间")),
                    ("converted_on", ("转正日期", "转正时间")),
                ]
            ),
        )
    )
    table = read_table(case(name), spec)
    assert table.ok, table.errors
    assert table.rows and all(len(r.values["id_number"]) == 18 for r in table.rows)


# --- property: a messy workbook gives the same records as the clean one ---------------------

ROSTER = [
    {"name": "张伟", "id_number": "520602198003150217", "birth_date": dt.date(1980, 3, 15)},
    {"name": "李娜", "id_number": "52060219851120022X", "birth_date": dt.date(1985, 11, 20)},
    {"name": "王芳", "id_number": "520602199007010246", "birth_date": dt.date(1990, 7, 1)},
]
HEADERS = {
    "name": ["姓名", "name", "NAME", " Name "],
    "id_number": ["身份证号", "公民身份号码", "身份证号码", "ID_NUMBER", "id number"],
    "birth_date": ["出生日期", "birth_date", "Birth Date"],
}
DATE_TEXTS = [
    lambda d: d,
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d:%Y%m%d}",
]


def full_width(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in HEADERS.items()}),
    order=st.permutations(list(HEADERS)),
    titles=st.lists(st.sampled_from(["党员花名册", "填报单位：市公路局党支部"]), max_size=2),
    hidden_first=st.booleans(),
    date_form=st.sampled_from(range(len(DATE_TEXTS))),
    wide=st.booleans(),
    pad=st.booleans(),
)
def test_messy_workbooks_give_the_clean_records(
    headers, order, titles, hidden_first, date_form, wide, pad
):
    rows = [[headers[c] for c in order]]
    for person in ROSTER:
        row = []
        for column in order:
            value = person[column]
            if column == "birth_date":
                value = DATE_TEXTS[date_form](value)
            if isinstance(value, str) and wide:
                value = full_width(value)
            if isinstance(value, str) and pad:
                value = f"\u3000{value} "
            row.append(value)
        rows.append(row)
    data = xlsx(rows, title_rows=titles, hidden_first=hidden_first)
    table = read_table(data, SPEC)
    assert table.ok, table.errors
    got = [{**r.values, "birth_date": parse_date(r.values["birth_date"])} for r in table.rows]
    expected = [
        {k: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v for k, v in p.items()}
        for p in ROSTER
    ]
    assert got == expected


# --- one format for the place of an error (issue 10) -----------------------------------------


def test_every_import_names_the_place_of_an_error_in_one_format():
    from django.utils import translation

    from branchwork.core.tabular import TableError, error_at

    assert error_at(7, "身份证号", "not a date") == "row 7, column 身份证号: not a date"
    assert error_at(7, None, "already recorded") == "row 7: already recorded"
    assert (
        error_at(None, "姓名", "this column is missing.") == "column 姓名: this column is missing."
    )
    assert error_at(None, None, "empty file") == "empty file"
    assert str(TableError(3, "日期", "x")) == error_at(3, "日期", "x")
    with translation.override("zh-hans"):
        assert error_at(7, "身份证号", "原因") == "第 7 行，身份证号 列：原因"


def test_no_import_spells_out_the_place_of_an_error_itself():
    """Every "row N, column X: reason" comes from core.tabular.error_at: no import, reader or
    service writes its own variant ("row %(n)d, ...", an f-string, a "行" of its own)."""
    import re
    from pathlib import Path

    import branchwork

    root = Path(branchwork.__file__).parent
    own = re.compile(r"""(?:_\(\s*|f)["'](?:row|Row) (?:%\(|\{)""")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path != root / "core" / "tabular.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if own.search(line)
    ]
    assert offenders == []


def test_division_load_names_bad_rows_in_the_one_format(db):
    from django.core.exceptions import ValidationError

    from branchwork.roads import services
    from tests.conftest import TEST_ACTOR

    with pytest.raises(ValidationError) as caught:
        services.divisions_load(
            actor=TEST_ACTOR,
            rows=[{"code": "52x", "name": "铜仁", "level": "planet", "parent_code": ""}],
        )
    assert caught.value.messages == [
        "row 2, column code: '52x' is not a code.",
        "row 2, column level: 'planet' is not a level.",
    ]
