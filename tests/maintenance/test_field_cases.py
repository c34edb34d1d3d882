"""Survey sheets shaped like what offices send (../shared/cases), through the one reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from branchwork.maintenance import condition
from branchwork.maintenance.imports import read_survey_data
from branchwork.roads.rules import ConditionError, parse_stake

# Copies of ../shared/cases, kept in the repository so these tests never skip.
CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def evaluate(name: str, capsys) -> list[dict]:
    path = CASES / name
    call_command("roads", "condition", str(path), "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["10-survey-gb18030.csv", "10b-survey-utf8-bom.csv"])
def test_csv_saved_by_excel_in_any_encoding_reads_like_utf8(db, capsys, name):
    [unit] = evaluate(name, capsys)
    assert (unit["dr"], unit["pci"]) == (2.5, 78.12)


@pytest.mark.parametrize("name", ["11-survey-uppercase-iri.csv", "11b-survey-lowercase-iri.csv"])
def test_header_case_does_not_matter(db, capsys, name):
    [unit] = evaluate(name, capsys)
    assert (unit["pqi"], unit["grade"]) == (54.05, "bad")


def test_the_grade_follows_the_value_shown(db, capsys):
    [unit] = evaluate("12-grade-boundary-rounding.csv", capsys)
    assert (unit["pci"], unit["grade"]) == (90.0, "excellent")


@pytest.mark.parametrize(
    ("index", "grade"),
    [
        (89.994, "good"),
        (89.995, "excellent"),
        (89.996, "excellent"),
        (90.0, "excellent"),
        (79.995, "good"),
        (79.994, "fair"),
        (59.995, "poor"),
        (59.994, "bad"),
    ],
)
def test_grades_at_every_boundary_are_decided_on_two_places(index, grade):
    assert condition.grade(index) == grade
    assert condition.shown(index) >= 90 if grade == "excellent" else True


def test_stake_notations_are_normalised(db, capsys):
    units = evaluate("13-stake-notations.csv", capsys)
    assert [(u["from_stake"], u["to_stake"]) for u in units] == [
        ("K1+000", "K2+000"),
        ("K2+000", "K2+500.5"),
        ("K3+000", "K4+000"),
        ("K4+000", "K5+000"),
    ]


def test_a_decimal_kilometre_stake_is_refused_naming_the_expected_form(db, capsys):
    path = CASES / "13b-stake-decimal-km.csv"
    with pytest.raises(CommandError):
        call_command("roads", "condition", str(path), "--json")
    err = capsys.readouterr().err
    assert "row 3, column from_stake" in err and "K1+000" in err
    assert "K0+814.19" not in err  # the first row was read


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("K1+200", 1200),
        ("k1+200", 1200),
        ("K１＋２００", 1200),
        (" K 4+000 ", 4000),
        ("K0+814.19", 814.19),
    ],
)
def test_stakes_read(text, metres):
    assert parse_stake(text) == pytest.approx(metres)


@pytest.mark.parametrize("text", ["K1.000", "1+200", "K1+1000", "K+200", ""])
def test_stakes_refused(text):
    with pytest.raises(ConditionError):
        parse_stake(text)


def test_a_misspelt_damage_column_is_reported_not_ignored():
    sheet = (
        b"route_code,from_stake,to_stake,pavement,road_class,width_m,transverse_hevy\n"
        b"X021520602,K0+000,K1+000,asphalt,class3,6.5,120\n"
    )
    result = read_survey_data("s.csv", sheet)
    assert result.rows == []
    assert any("transverse_hevy" in e and "transverse_heavy" in e for e in result.errors)


def test_a_note_column_is_accepted_and_left_alone():
    sheet = (
        "route_code,from_stake,to_stake,pavement,road_class,width_m,dr,备注\n"
        "X021520602,K0+000,K1+000,asphalt,class3,6.5,2,雨后检测\n"
    ).encode()
    result = read_survey_data("s.csv", sheet)
    assert result.errors == [] and len(result.rows) == 1
