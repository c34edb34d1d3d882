"""JTG 5210-2018 condition formulas against the spec's vectors, at every grade boundary, and
as properties; the survey reader and the CLI."""

import json
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from branchwork.maintenance import condition
from branchwork.maintenance.imports import read_survey, template_columns
from branchwork.roads import rules as roads_rules
from tests.conftest import TEST_ACTOR

# roads.md §1.6 self-check: asphalt DR 0.4/2.0/5.5/11.0 %, concrete 0.8/4.0/9.5/18.0 %.
PCI_VECTORS = [
    ("asphalt", 0.4, 89.72),
    ("asphalt", 2.0, 80.04),
    ("asphalt", 5.5, 69.72),
    ("asphalt", 11.0, 59.71),
    ("concrete", 0.8, 90.38),
    ("concrete", 4.0, 79.80),
    ("concrete", 9.5, 69.91),
    ("concrete", 18.0, 59.59),
]


@pytest.mark.parametrize(("pavement", "dr", "expected"), PCI_VECTORS)
def test_pci_spec_vectors(pavement, dr, expected):
    assert condition.pci(pavement, dr) == pytest.approx(expected, abs=0.005)


# DR at each grade boundary (PCI = 90 / 80 / 70 / 60), roads.md §1.6.
BOUNDARY_DR = {
    "asphalt": [0.374, 2.010, 5.378, 10.812],
    "concrete": [0.871, 3.915, 9.435, 17.611],
    "gravel": [0.98, 4.07, 9.35, 16.88],
}


@pytest.mark.parametrize("pavement", list(BOUNDARY_DR))
def test_grade_boundaries_of_pci(pavement):
    for dr, boundary in zip(BOUNDARY_DR[pavement], (90, 80, 70, 60), strict=True):
        assert condition.pci(pavement, dr) == pytest.approx(boundary, abs=0.06)


@pytest.mark.parametrize(
    ("index", "grade"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (89.999, "excellent"),  # shown as 90.00: graded on the value shown
        (89.994, "good"),
        (80, "good"),
        (79.99, "fair"),
        (70, "fair"),
        (69.99, "poor"),
        (60, "poor"),
        (59.99, "bad"),
        (0, "bad"),
        (None, None),
    ],
)
def test_grade_bands(index, grade):
    assert condition.grade(index) == grade


@pytest.mark.parametrize(
    ("road_class", "iris"),
    [("class1", [2.235, 3.482, 4.311, 4.991]), ("class3", [3.091, 4.489, 5.418, 6.180])],
)
def test_rqi_at_the_grade_boundaries(road_class, iris):
    for iri, boundary in zip(iris, (90, 80, 70, 60), strict=True):
        assert condition.rqi(road_class, iri) == pytest.approx(boundary, abs=0.05)


def test_rqi_never_reaches_100():
    assert condition.rqi("expressway", 0) == pytest.approx(97.47, abs=0.01)
    assert condition.rqi("class4", 0) == pytest.approx(98.18, abs=0.01)


def test_rdi_is_continuous_and_reaches_zero():
    assert condition.rdi(0) == 100 and condition.rdi(10) == 90
    assert condition.rdi(10.0001) == pytest.approx(90, abs=0.001)
    assert condition.rdi(40) == 0 and condition.rdi(55) == 0


@given(
    pavement=st.sampled_from(condition.PAVEMENTS),
    a=st.floats(min_value=0, max_value=100, allow_nan=False),
    b=st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_pci_falls_as_damage_grows_and_stays_in_range(pavement, a, b):
    low, high = sorted([a, b])
    assert 0 <= condition.pci(pavement, high) <= condition.pci(pavement, low) <= 100


@given(
    quantity=st.floats(min_value=0, max_value=5000, allow_nan=False),
    extra=st.floats(min_value=0, max_value=5000, allow_nan=False),
    column=st.sampled_from(["alligator_heavy", "longitudinal_light", "pothole_heavy", "bleeding"]),
)
def test_more_damage_never_raises_pci(quantity, extra, column):
    area = 1000 * 6.0
    before = condition.pci("asphalt", condition.damage_ratio("asphalt", {column: quantity}, area))
    after = condition.pci(
        "asphalt", condition.damage_ratio("asphalt", {column: quantity + extra}, area)
    )
    assert 0 <= after <= before <= 100


def test_linear_damage_is_converted_with_the_profile_width():
    # 100 m of heavy longitudinal cracking × 0.2 m × weight 1.0 = 20 m² of 1000 m².
    assert condition.damage_ratio("asphalt", {"longitudinal_heavy": 100}, 1000) == pytest.approx(
        2.0
    )
    assert condition.damage_ratio("concrete", {"crack_medium": 10}, 1000) == pytest.approx(0.8)


def test_pqi_weights_and_renormalisation():
    assert condition.pqi("asphalt", "class3", {"pci": 80, "rqi": 90}) == pytest.approx(84.0)
    assert condition.pqi("asphalt", "class3", {"pci": 80, "rqi": None}) == pytest.approx(80.0)
    assert condition.pqi("gravel", "unclassified", {"pci": 75, "rqi": 99}) == pytest.approx(75.0)
    assert condition.mqi({"sci": 90, "pqi": 80, "bci": 100, "tci": 70}) == pytest.approx(
        0.08 * 90 + 0.7 * 80 + 0.12 * 100 + 0.1 * 70
    )
    assert condition.mqi({"pqi": 80}) is None


@pytest.mark.parametrize(
    ("code", "ok"),
    [("C012520628", True), ("X001520602", True), ("Q012520628", False), ("C12520628", False)],
)
def test_route_codes(code, ok):
    if ok:
        assert roads_rules.check_route_code(code.lower()) == code
    else:
        with pytest.raises(roads_rules.ConditionError):
            roads_rules.check_route_code(code)


def test_stakes():
    assert roads_rules.parse_stake("K1+200") == 1200
    assert roads_rules.parse_stake("k12+050.5") == 12050.5
    for bad in ("1+200", "K1+1200", "K1-200"):
        with pytest.raises(roads_rules.ConditionError):
            roads_rules.parse_stake(bad)


def write(tmp_path, text: str):
    path = tmp_path / "survey.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "route_code,from_stake,to_stake,pavement,road_class,width_m,iri,rd_mm,dr,alligator_light,pothole_heavy\n"


def test_survey_errors_name_row_and_column_and_nothing_is_evaluated(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "X012520628,K0+000,K1+000,asphalt,class3,6.5,3.2,,,12,1\n"
        + "X012520628,K1+000,K2+000,tarmac,class3,6.5,,,,,\n"
        + "X012520628,K2+000,K3+000,asphalt,class3,6.5,abc,,,,-2\n"
        + "Q012,K3+000,K4+000,asphalt,class3,6.5,,,1.5,,\n"
        + "X012520628,K4+000,K5+000,asphalt,class3,6.5,,,,,\n"
        + "\n"
        + "X012520628,K5+000,K6+000,asphalt,class3,6.5,nan,,,0,\n",
    )
    sheet = read_survey(path)
    assert sheet.rows == []
    assert sheet.errors == [
        "row 3, column pavement: 'tarmac' is not asphalt, concrete or gravel",
        "row 4, column iri: 'abc' is not a number",
        "row 4, column pothole_heavy: a damaged quantity cannot be negative",
        "row 5, column route_code: 'Q012' is not a route code: level letter (G, S, X, Y, C, Z), 3 digits and the 6-digit county code, e.g. C012520628",
        "row 6, column dr: give the damage ratio or at least one damaged quantity (0 where the unit has no damage)",
        "row 8, column iri: 'nan' is not a number",
    ]


def test_gb18030_csv_and_formula_cells_without_values(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "gbk.csv"
    path.write_bytes(
        (HEADER + "X012520628,K0+000,K1+000,asphalt,class3,6.5,,,2.0,,\n").encode("gb18030")
    )
    assert not read_survey(path).errors
    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    book.active.append(
        ["X012520628", "K0+000", "K1+000", "asphalt", "class3", 6.5, None, None, "=1+1"]
    )
    book.save(tmp_path / "formula.xlsx")
    assert read_survey(tmp_path / "formula.xlsx").errors == [
        "row 2, column dr: a formula whose value was not saved; open the file in Excel and save it again"
    ]


def test_template_lists_every_column():
    columns = template_columns()
    assert columns[:9] == [
        "route_code",
        "from_stake",
        "to_stake",
        "pavement",
        "road_class",
        "width_m",
        "iri",
        "rd_mm",
        "dr",
    ]
    for name in (
        "alligator_light",
        "alligator_medium",
        "alligator_heavy",
        "block_light",
        "block_heavy",
        "raveling_heavy",
        "bleeding",
        "patching",
        "broken_slab_heavy",
        "joint_seal_light",
        "crown_loss",
    ):
        assert name in columns


@pytest.mark.django_db
def test_cli_condition_json(tmp_path, capsys):
    path = write(tmp_path, HEADER + "X012520628,K0+000,K1+000,asphalt,class3,6.5,,,2.010,,\n")
    call_command("roads", "condition", str(path), "--json")
    (unit,) = json.loads(capsys.readouterr().out)
    assert unit == {
        "route_code": "X012520628",
        "from_stake": "K0+000",
        "to_stake": "K1+000",
        "dr": 2.01,
        "pci": 80.0,
        "rqi": None,
        "pqi": 80.0,
        "grade": "good",
    }
    bad = write(tmp_path, HEADER + "X012520628,K1+000,K0+000,asphalt,class3,6.5,,,,,\n")
    with pytest.raises(CommandError, match="Nothing evaluated: 1 error"):
        call_command("roads", "condition", str(bad))
    with pytest.raises(CommandError, match="No profile"):
        call_command("roads", "condition", str(path), "--profile", "JTG H20-2007")


@pytest.mark.django_db
def test_cli_condition_uses_a_stored_profile_version(tmp_path, capsys):
    from branchwork.maintenance import selectors, services

    base = selectors.profile_named("JTG 5210-2018")
    services.profile_revise(actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 20.0}, note="t")
    path = write(tmp_path, HEADER + "X012520628,K0+000,K1+000,asphalt,class3,6.5,,,2.0,,\n")
    call_command("roads", "condition", str(path), "--json")
    assert json.loads(capsys.readouterr().out)[0]["pci"] == round(100 - 20.0 * 2.0**0.412, 2)
    call_command("roads", "condition", str(path), "--profile", "JTG 5210-2018 v1", "--json")
    assert json.loads(capsys.readouterr().out)[0]["pci"] == 80.04


def test_network_summary_is_length_weighted(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "X012520628,K0+000,K1+000,asphalt,class3,6.5,,,0.0,,\n"
        + "X012520628,K1+000,K1+500,asphalt,class3,6.5,,,10.812,,\n",
    )
    results = [row["result"] for row in read_survey(path).rows]
    summary = condition.network_summary(results)
    assert summary["length_km"] == 1.5
    assert summary["good_share"] == pytest.approx(66.67, abs=0.01)
    assert summary["poor_share"] == pytest.approx(33.33, abs=0.01)
    assert math.isclose(summary["pqi"], (100 * 1000 + 60.0 * 500) / 1500, abs_tol=0.1)


@pytest.mark.django_db
def test_load_divisions_is_idempotent(capsys):
    from pathlib import Path

    from django.conf import settings

    from branchwork.roads.models import Division

    source = Path(settings.PACKAGE_DIR) / "roads" / "data" / "tongren-divisions.csv"
    call_command("roads", "load-divisions", str(source))
    call_command("roads", "load-divisions", str(source))
    assert Division.objects.count() == 3140
    bijiang = Division.objects.get(code="520602")
    assert (bijiang.name, bijiang.level, bijiang.parent.code) == ("碧江区", "county", "520600")
    assert "0 added" in capsys.readouterr().out
