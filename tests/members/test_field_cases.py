"""Rosters shaped like what offices send (../shared/cases), through the member import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from branchwork.members import imports
from branchwork.organizations.models import Organization

# Copies of ../shared/cases, kept in the repository so these tests never skip.
CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def read(name: str):
    path = CASES / name
    highway = Organization.objects.get(code="tr-highway")
    return imports.read_members(io.BytesIO(path.read_bytes()), highway)


def test_an_id_number_stored_as_a_number_is_refused_with_the_reason(db):
    result = read("01-id-as-number.xlsx")
    assert result.rows == []
    assert any("身份证号" in e and "stored as a number" in e for e in result.errors)


def test_a_lower_case_check_character_is_stored_as_x(db):
    result = read("02-id-lowercase-x.xlsx")
    assert result.errors == []
    assert result.rows[0]["id_number"].endswith("X")


def test_full_width_digits_and_ideographic_spaces_are_normalised(db):
    result = read("03-id-fullwidth.xlsx")
    assert result.errors == []
    assert result.rows[0]["id_number"] == "520602199001010226"


def test_year_first_text_dates_are_all_read(db):
    result = read("04-dates-as-text.xlsx")
    assert result.errors == []
    assert [r["birth_date"].isoformat() for r in result.rows] == [
        "1986-05-20",
        "1986-05-21",
        "1986-05-22",
        "1986-05-23",
        "1986-05-24",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "05-title-row-above-header.xlsx",
        "06-roster-saved-as-xls.xls",
        "06b-xls-renamed-xlsx.xlsx",
        "07-hidden-first-sheet.xlsx",
        "08-header-variants.xlsx",
    ],
)
def test_office_shaped_rosters_are_read(db, name):
    """The file, its sheet and its header are understood; what is left is each row's own
    verdict (06's invented person was admitted at 12, which the age rule refuses)."""
    result = read(name)
    file_level = [e for e in result.errors if not e.startswith("row ") or e.startswith("row 1,")]
    assert file_level == []
    assert result.rows or all("admitted at 18 or older" in e for e in result.errors)


def test_synonyms_are_recognised_and_a_column_not_understood_is_reported(db):
    result = read("08b-optional-header-variants.xlsx")
    assert result.rows == []
    assert result.errors == ["row 1, column 职务: '职务' is not a known column."]
