"""The survey template in the reader's language (issue 11 §4): headers, notes and prefilled
values are labels in the export's language, and the import takes the headers and values of
either language (and the column codes) through the shared tabular reader's synonyms."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import Workbook, load_workbook

from branchwork.core.tabular import header_key
from branchwork.maintenance.imports import (
    column_label,
    read_survey_data,
    survey_spec,
    template_columns,
)
from branchwork.maintenance.models import Route

pytestmark = pytest.mark.django_db


def download(client, path: str, language: str):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def filled(book) -> bytes:
    """The downloaded route sheet with a damage ratio on every unit, saved again."""
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    dr = header.index(next(h for h in header if "DR" in str(h)))
    for row in sheet.iter_rows(min_row=2):
        row[dr].value = 3.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_chinese_template_has_chinese_headers_notes_and_values(as_persona):
    route = Route.objects.get(code="X021520602")
    book = download(
        as_persona("engineer"), f"/maintenance/routes/{route.pk}/survey-template.xlsx", "zh-hans"
    )
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:6] == [
        "路线编码",
        "起点桩号",
        "终点桩号",
        "路面类型",
        "技术等级",
        "路面宽度（米）",
    ]
    assert any("龟裂" in h and "轻" in h for h in header)
    assert "route_code" not in header and "alligator_light" not in header
    first = next(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert first[3:5] == ("沥青混凝土", "三级公路")
    notes = {row[0].value: row[1].value for row in book.worksheets[1].iter_rows(min_row=2)}
    assert "路线编码" in notes and "沥青混凝土" in notes["路面类型"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_downloaded_template_filled_in_reads_back_in_either_language(as_persona, language):
    route = Route.objects.get(code="X021520602")
    book = download(
        as_persona("engineer"), f"/maintenance/routes/{route.pk}/survey-template.xlsx", language
    )
    for reader in ("en", "zh-hans"):  # read by a user of either language
        with translation.override(reader):
            sheet = read_survey_data("survey.xlsx", filled(book))
        assert sheet.errors == []
        assert len(sheet.rows) == 9
        assert {(r["pavement"], r["road_class"]) for r in sheet.rows} == {("asphalt", "class3")}


def test_every_language_labels_each_column_apart():
    """No header of one language can be read as another column (the synonym table)."""
    seen: dict[str, str] = {}
    for column in survey_spec().columns:
        for written in (column.name, *column.synonyms):
            assert seen.setdefault(header_key(written), column.name) == column.name, written
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels = [column_label(c) for c in template_columns()]
        assert len({header_key(label) for label in labels}) == len(labels)


def test_errors_name_the_column_as_the_file_names_it():
    book = Workbook()
    sheet = book.active
    sheet.append(["路线编码", "起点桩号", "终点桩号", "路面类型", "技术等级", "路面破损率"])
    sheet.append(["X021520602", "K0+000", "K1+000", "柏油", "三级公路", 2])
    out = io.BytesIO()
    book.save(out)
    with translation.override("en"):
        result = read_survey_data("survey.xlsx", out.getvalue())
    assert result.errors == ["row 2, column 路面类型: '柏油' is not asphalt, concrete or gravel"]
