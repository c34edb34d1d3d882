"""Survey import (all or nothing, errors by row and column), stored indices, summaries."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from branchwork.accounts.models import User
from branchwork.maintenance import condition, selectors, services
from branchwork.maintenance.imports import column_label, template_columns
from branchwork.maintenance.models import Route, Survey, SurveyUnit
from branchwork.organizations.models import Organization
from tests.conftest import PERSONAS, TEST_ACTOR

HEADER = "route_code,from_stake,to_stake,pavement,road_class,width_m,iri,rd_mm,dr,sci,bci,tci"


def sheet(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def do_import(data: bytes, year: int = 2021, user: str = "engineer", **kwargs):
    return services.survey_import(
        actor=TEST_ACTOR,
        user=User.objects.get(username=user),
        organization=Organization.objects.get(code="tr-highway"),
        year=year,
        surveyed_on=kwargs.pop("surveyed_on", dt.date(year, 10, 1)),
        name="survey.csv",
        data=data,
        **kwargs,
    )


@pytest.mark.django_db
def test_import_stores_each_unit_with_the_indices_the_profile_computes():
    survey = do_import(
        sheet(
            "X021520602,K0+000,K1+000,asphalt,class3,7,3.2,6,2.0,,,",
            "X021520602,K1+000,K2+000,asphalt,class3,7,,,11.0,90,100,85",
        )
    )
    assert survey.profile.name == "JTG 5210-2018"
    first, second = survey.units.order_by("from_m")
    assert round(first.pci, 2) == 80.04  # the spec's asphalt test vector for DR 2.0
    assert first.rqi == pytest.approx(condition.rqi("class3", 3.2))
    assert first.rdi == pytest.approx(condition.rdi(6))
    assert first.pqi == pytest.approx(0.6 * first.pci + 0.4 * first.rqi)
    assert first.mqi is None
    assert round(second.pci, 2) == 59.71  # PQI alone would be 差 (bad)
    assert second.mqi == pytest.approx(0.08 * 90 + 0.70 * second.pqi + 0.12 * 100 + 0.10 * 85)
    assert second.condition_grade == "poor"  # graded by MQI (69.5) where every part was surveyed
    assert (first.length_m, first.year, first.route.code) == (1000, 2021, "X021520602")


@pytest.mark.django_db
def test_damage_quantities_become_a_damage_ratio_with_the_profile_widths():
    columns = template_columns()
    row = dict.fromkeys(columns, "")
    row.update(
        route_code="X021520602",
        from_stake="K2+000",
        to_stake="K3+000",
        pavement="asphalt",
        road_class="class3",
        width_m="7",
        alligator_light="70",  # 70 m² × 0.6 = 42
        longitudinal_light="100",  # 100 m × 0.2 m × 0.6 = 12
    )
    data = (",".join(columns) + "\n" + ",".join(str(row[c]) for c in columns) + "\n").encode()
    unit = do_import(data).units.get()
    assert unit.dr == pytest.approx(100 * 54 / 7000)
    assert unit.damages == {"alligator_light": 70.0, "longitudinal_light": 100.0}


@pytest.mark.django_db
def test_one_bad_row_and_nothing_is_stored_with_every_error_named():
    before = (Survey.objects.count(), SurveyUnit.objects.count())
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(
            sheet(
                "X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K1+000,K2+000,tarmac,class3,7,,,2.0,,,",
                "X999520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K8+000,K9+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K0+000,K1+000,asphalt,class3,7,,,3.0,,,",
                "X021520602,K3+000,K4+000,asphalt,class3,7,abc,,2.0,,,",
            )
        )
    errors = caught.value.errors
    assert errors[0] == "row 3, column pavement: 'tarmac' is not asphalt, concrete or gravel"
    assert "row 7, column iri: 'abc' is not a number" in errors
    assert (Survey.objects.count(), SurveyUnit.objects.count()) == before
    # Once the sheet itself is clean, the inventory checks name their rows too.
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(
            sheet(
                "X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X999520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K8+000,K9+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K0+000,K1+000,asphalt,class3,7,,,3.0,,,",
            )
        )
    assert caught.value.errors == [
        "row 3, column route_code: X999520602 is not a route in your inventory.",
        "row 4, column to_stake: K8+000–K9+000 lies outside X021520602 (K0+000–K8+400).",
        "row 5, column from_stake: K0+000–K1+000 overlaps the unit on row 2.",
    ]
    assert (Survey.objects.count(), SurveyUnit.objects.count()) == before


@pytest.mark.django_db
def test_a_unit_is_surveyed_once_a_year():
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"), year=2020)
    assert "was already surveyed for 2020" in caught.value.errors[0]
    assert "row 2, column from_stake" in caught.value.errors[0]


@pytest.mark.django_db
def test_routes_outside_the_users_scope_are_not_in_their_inventory():
    with pytest.raises(services.SurveyImportError, match="not a route in your inventory"):
        do_import(
            sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"), user=PERSONAS["outsider"]
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "surveyed_on", "field"),
    [
        (2021, dt.date(2099, 1, 1), "surveyed_on"),
        (2021, dt.date(2019, 1, 1), "surveyed_on"),
        (1999, dt.date(1999, 6, 1), "year"),
    ],
)
def test_survey_dates_are_checked(year, surveyed_on, field):
    with pytest.raises(ValidationError) as caught:
        do_import(
            sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"),
            year=year,
            surveyed_on=surveyed_on,
        )
    assert field in caught.value.message_dict


@pytest.mark.django_db
def test_results_record_the_profile_that_computed_them():
    base = selectors.profile_named("JTG 5210-2018")
    stricter = services.profile_revise(
        actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 20.0}, note="test"
    )
    services.profile_assign(actor=TEST_ACTOR, year=2021, profile=stricter)
    survey = do_import(sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"))
    assert survey.profile == stricter
    assert survey.units.get().pci == pytest.approx(100 - 20.0 * 2.0**0.412)
    old = Survey.objects.filter(year=2019).first()
    assert old.profile == base  # earlier results keep their version


@pytest.mark.django_db
def test_deleting_a_survey_removes_its_units_and_is_logged():
    survey = do_import(sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"))
    pk = survey.pk
    count = services.survey_delete(actor=TEST_ACTOR, survey=survey)
    assert count == 1 and not SurveyUnit.objects.filter(year=2021).exists()
    assert Survey.history.filter(id=pk, history_type="-").exists()


@pytest.mark.django_db
def test_network_summary_is_length_weighted_in_one_query():
    engineer = User.objects.get(username="engineer")
    units = list(SurveyUnit.objects.filter(year=2020))
    length = sum(u.length_m for u in units)
    good = sum(u.length_m for u in units if u.condition_grade in ("excellent", "good"))
    poor = sum(u.length_m for u in units if u.condition_grade in ("poor", "bad"))
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.network_summary(user=engineer, by="year", year=2020)
    assert len(queries) <= 2  # the user's grants, then one aggregate
    (row,) = rows
    assert row.length_km == length / 1000
    assert row.pqi == round(sum(u.pqi * u.length_m for u in units) / length, 2)
    assert row.good_share == round(100 * good / length, 2)
    assert row.poor_share == round(100 * poor / length, 2)
    by_route = selectors.network_summary(user=engineer, by="route", year=2020)
    assert {r.key for r in by_route} == {"X021520602", "Y008520602"}
    assert sum(r.length_km for r in by_route) == pytest.approx(row.length_km)
    by_county = selectors.network_summary(user=engineer, by="county")
    assert {(r.year, r.label) for r in by_county} == {(2019, "碧江区"), (2020, "碧江区")}


@pytest.mark.django_db
def test_network_summary_query_count_does_not_grow_with_routes():
    engineer = User.objects.get(username="engineer")
    org = Organization.objects.get(code="tr-highway")
    county = Route.objects.first().county
    for n in range(30):
        services.route_save(
            actor=TEST_ACTOR,
            organization=org,
            data={
                "code": f"C{n + 100:03d}520602",
                "name": f"村道{n}",
                "technical_grade": "class4",
                "pavement": "concrete",
                "county": county,
                "start_stake": "K0+000",
                "end_stake": "K2+000",
                "width_m": 4,
                "unit_length_m": 1000,
            },
        )
    rows = "\n".join(
        f"C{n + 100:03d}520602,K{k}+000,K{k + 1}+000,concrete,class4,4,,,{n / 10},,,"
        for n in range(30)
        for k in range(2)
    )
    do_import((HEADER + "\n" + rows + "\n").encode())
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.network_summary(user=engineer, by="route", year=2021)
    assert len(queries) <= 2 and len(rows) == 30


@pytest.mark.django_db
def test_the_outsider_sees_no_condition_of_the_highway_roads():
    outsider = User.objects.get(username=PERSONAS["outsider"])
    assert selectors.network_summary(user=outsider, by="route") == []


def test_template_lists_every_column_and_a_route_sheet_lists_its_units(as_persona):
    client = as_persona("engineer")
    response = client.get("/maintenance/surveys/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book["survey"][1]]
    assert header == [column_label(c) for c in template_columns()]  # labels, in English here
    for column in (
        "alligator cracking (heavy)",
        "raveling (heavy)",
        "bleeding",
        "broken slab (light)",
        "loss of crown",
        "Damage ratio DR (%)",
        "Subgrade condition index SCI",
    ):
        assert column in header
    notes = {row[0].value for row in book["columns"].iter_rows(min_row=2) if row[0].value}
    assert set(header) <= notes
    route = Route.objects.get(code="X021520602")
    book = load_workbook(
        io.BytesIO(client.get(f"/maintenance/routes/{route.pk}/survey-template.xlsx").content)
    )
    rows = list(book["survey"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9
    assert rows[0][:6] == ("X021520602", "K0+000", "K1+000", "Asphalt concrete", "Class 3", 7)
    assert rows[-1][1:3] == ("K8+000", "K8+400")


def test_the_filled_route_sheet_imports_through_the_page(as_persona):
    client = as_persona("engineer")
    route = Route.objects.get(code="Y008520602")
    content = client.get(f"/maintenance/routes/{route.pk}/survey-template.xlsx").content
    book = load_workbook(io.BytesIO(content))
    sheet_ = book["survey"]
    header = [c.value for c in sheet_[1]]
    for row in range(2, sheet_.max_row + 1):
        column = header.index(column_label("crack_light")) + 1  # headed by its label
        sheet_.cell(row=row, column=column, value=12.5 * row)
    out = io.BytesIO()
    book.save(out)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Y008-2021.xlsx", out.getvalue())
    response = client.post(
        "/maintenance/surveys/import/",
        {"file": upload, "year": 2021, "surveyed_on": "2021-10-10", "note": "年度检测"},
    )
    assert response.status_code == 302
    survey = Survey.objects.get(year=2021)
    assert survey.units.count() == 6 and survey.created_by.username == "engineer"
    page = client.get(response["Location"])
    assert "Y008520602" in page.content.decode()


def test_the_import_page_lists_every_error_and_saves_nothing(as_persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_persona("engineer")
    upload = SimpleUploadedFile(
        "bad.csv",
        sheet(
            "X021520602,K1+000,K0+000,asphalt,class3,7,,,2.0,,,",
            "X021520602,K0+000,K1+000,asphalt,lane,7,,,2.0,,,",
        ),
    )
    response = client.post(
        "/maintenance/surveys/import/", {"file": upload, "year": 2021, "surveyed_on": "2021-10-10"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: 2 errors." in body
    assert "row 2, column to_stake: to_stake must be after from_stake" in body
    assert "row 3, column road_class" in body
    assert not Survey.objects.filter(year=2021).exists()


@pytest.mark.django_db
def test_overlapping_units_are_refused_in_the_sheet_and_against_the_year():
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(
            sheet(
                "X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K0+500,K1+500,asphalt,class3,7,,,2.0,,,",
            )
        )
    assert caught.value.errors == [
        "row 3, column from_stake: K0+500–K1+500 overlaps the unit on row 2."
    ]
    with pytest.raises(services.SurveyImportError, match="already surveyed for 2020"):
        do_import(sheet("X021520602,K0+500,K1+500,asphalt,class3,7,,,2.0,,,"), year=2020)


@pytest.mark.django_db
def test_a_survey_takes_only_routes_of_its_own_organization():
    admin = User.objects.get(username="admin")
    transport = Organization.objects.get(code="tr-transport")
    with pytest.raises(services.SurveyImportError, match="not a route in your inventory"):
        services.survey_import(
            actor=admin,
            user=admin,
            organization=transport,
            year=2021,
            surveyed_on=dt.date(2021, 10, 1),
            name="s.csv",
            data=sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"),
        )


@pytest.mark.django_db
def test_the_first_survey_of_a_year_fixes_that_years_profile():
    from branchwork.maintenance.models import ProfileYear

    do_import(sheet("X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"))
    v1 = ProfileYear.objects.get(year=2021).profile
    services.profile_revise(
        actor=TEST_ACTOR, base=v1, values={"pci.asphalt.a0": 20.0}, note="newer"
    )
    second = do_import(sheet("X021520602,K1+000,K2+000,asphalt,class3,7,,,2.0,,,"))
    assert second.profile == v1


@pytest.mark.django_db
def test_an_oversized_sheet_is_refused():
    from django.test import override_settings

    with (
        override_settings(ATTACHMENT_MAX_MB=1),
        pytest.raises(ValidationError, match="larger than 1 MB"),
    ):
        do_import(sheet(*["X021520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,"] * 30000))


@pytest.mark.django_db
def test_one_attempt_lists_sheet_and_inventory_errors_together():
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(
            sheet(
                "X999520602,K0+000,K1+000,asphalt,class3,7,,,2.0,,,",
                "X021520602,K1+000,K2+000,asphalt,class3,7,,,abc,,,",
                "X021520602,K8+000,K9+000,asphalt,class3,7,,,2.0,,,",
            )
        )
    assert [e.split(":")[0] for e in caught.value.errors] == [
        "row 2, column route_code",
        "row 3, column dr",
        "row 4, column to_stake",
    ]


@pytest.mark.django_db
def test_damage_larger_than_the_unit_and_other_pavements_columns_are_errors():
    columns = template_columns()
    row = dict.fromkeys(columns, "")
    row.update(
        route_code="X021520602",
        from_stake="K2+000",
        to_stake="K3+000",
        pavement="asphalt",
        road_class="class3",
        width_m="7",
        pothole_light="99999",
        broken_slab_light="3",
    )
    data = (",".join(columns) + "\n" + ",".join(str(row[c]) for c in columns) + "\n").encode()
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(data)
    assert caught.value.errors == [
        "row 2, column broken_slab_light: a concrete damage column, but this unit is asphalt"
    ]
    row["broken_slab_light"] = ""
    data = (",".join(columns) + "\n" + ",".join(str(row[c]) for c in columns) + "\n").encode()
    with pytest.raises(services.SurveyImportError) as caught:
        do_import(data)
    assert caught.value.errors[0].startswith(
        "row 2, column width_m: the weighted damaged area is 1143 % of the unit's 7000 m²"
    )
