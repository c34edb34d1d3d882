"""Exports never fail on what people paste, and open readable (core.excel, core.text)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from branchwork.core.excel import append_row, display_width, plain_row, workbook_bytes
from branchwork.core.text import has_control, strip_control

pytestmark = pytest.mark.usefixtures("demo_data")


def test_control_characters_from_word_are_dropped_and_a_vertical_tab_is_a_line_break():
    assert strip_control("议程\x0b第一项\x07") == "议程\n第一项"
    assert strip_control("a\x00b\ud800c\ufffe") == "abc"
    assert strip_control("tab\tand\nlines\r") == "tab\tand\nlines\r"
    assert has_control("x\x0b") and not has_control("普通文字")


def test_a_workbook_with_pasted_control_characters_is_written_and_reads_back_clean():
    book = Workbook()
    append_row(book.active, ["会议记录"])
    append_row(book.active, ["第一项\x0b第二项\x07"])
    data = workbook_bytes(book)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "第一项\n第二项"


def test_write_only_rows_are_cleaned_too():
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(plain_row(sheet, ["=1+1", "x\x0by"]))
    read = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert [c.value for c in read[1]] == ["=1+1", "x\ny"]
    assert read["A1"].data_type == "s"


def test_the_header_row_is_frozen_and_columns_fit_their_contents():
    book = Workbook()
    book.active.append(["姓名", "note"])
    book.active.append(["欧阳娜娜", "a much longer English note here"])
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == display_width("欧阳娜娜") + 2 == 10
    assert sheet.column_dimensions["B"].width == len("a much longer English note here") + 2


def test_text_is_stored_without_control_characters_whatever_the_service(db):
    from branchwork.core.audit import save_as
    from branchwork.organizations.models import Organization
    from tests.conftest import TEST_ACTOR

    org = Organization.objects.get(code="tr-highway")
    org.notes = "粘贴自Word\x0b第二行\x07"
    save_as(org, TEST_ACTOR)
    org.refresh_from_db()
    assert org.notes == "粘贴自Word\n第二行"


def test_dates_outside_the_one_valid_range_are_refused_on_every_save(db):
    import datetime as dt

    import pytest
    from django.core.exceptions import ValidationError

    from branchwork.core.audit import save_as
    from branchwork.organizations.models import Organization
    from tests.conftest import TEST_ACTOR

    org = Organization.objects.get(code="tr-highway")
    for bad in (
        dt.date(1, 1, 1),
        dt.date(1899, 12, 31),
        dt.date(2101, 1, 1),
        dt.date(9999, 12, 31),
    ):
        org.founded_on = bad
        with pytest.raises(ValidationError, match="outside the dates Branchwork keeps"):
            save_as(org, TEST_ACTOR)
    for good in (dt.date(1900, 1, 1), dt.date(2100, 12, 31)):
        org.founded_on = good
        save_as(org, TEST_ACTOR)
