"""County program targets: listed for everyone who sees roads, added and changed by road
engineers, one per county and year, with their history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branchwork.organizations.models import Organization
from branchwork.roads import services
from branchwork.roads.models import Division, ProgramTarget

pytestmark = pytest.mark.django_db


def test_one_target_per_county_and_year(user_named):
    engineer = user_named("engineer")
    highway = Organization.objects.get(code="tr-highway")
    county = Division.objects.get(code="520621")
    target = services.target_save(
        actor=engineer,
        organization=highway,
        data={"county": county, "year": 2027, "groups": 12, "km": Decimal("30.5")},
    )
    assert target.investment == 0 and target.history.first().history_user == engineer
    with pytest.raises(ValidationError, match="江口县 already has a target for 2027"):
        services.target_save(
            actor=engineer,
            organization=highway,
            data={"county": county, "year": 2027, "groups": 1, "km": Decimal("1")},
        )
    with pytest.raises(ValidationError, match="江口县 already has a target for 2018"):
        services.target_save(
            actor=engineer, organization=highway, data={"year": 2018}, target=target
        )
    target.refresh_from_db()
    with pytest.raises(ValidationError, match="Choose a county"):
        services.target_save(
            actor=engineer,
            organization=highway,
            data={"county": Division.objects.get(code="520600"), "year": 2027},
            target=target,
        )
    target.refresh_from_db()
    with pytest.raises(ValidationError, match="Cannot be negative"):
        services.target_save(
            actor=engineer, organization=highway, data={"km": Decimal("-1")}, target=target
        )


def test_targets_page_add_edit_and_history(as_persona, user_named):
    engineer = as_persona("engineer")
    page = engineer.get("/roads/targets/")
    assert page.status_code == 200 and page.context["form"] is not None
    assert page.text.count("<tr>") == 31  # the header and the demo's 30 targets
    county = Division.objects.get(code="520628")
    response = engineer.post(
        "/roads/targets/",
        {"county": county.pk, "year": 2027, "groups": 40, "km": "88.000", "investment": "6600"},
    )
    assert response.status_code == 302
    target = ProgramTarget.objects.get(county=county, year=2027)
    duplicate = engineer.post(
        "/roads/targets/", {"county": county.pk, "year": 2027, "groups": 1, "km": "1"}
    )
    assert "松桃苗族自治县 already has a target for 2027." in duplicate.text
    edit = engineer.post(
        f"/roads/targets/{target.pk}/edit/",
        {"county": county.pk, "year": 2027, "groups": 45, "km": "90.500", "investment": "6800"},
    )
    assert edit.status_code == 302
    target.refresh_from_db()
    assert (target.groups, target.km) == (45, Decimal("90.500"))
    history = engineer.get(f"/roads/targets/{target.pk}/edit/")
    rows = list(history.context["history"])
    assert [(h.groups, h.history_user.username) for h in rows] == [
        (45, "engineer"),
        (40, "engineer"),
    ]
    assert 'data-testid="target-history"' in history.text
    leader = as_persona("leader")
    assert leader.get("/roads/targets/").context["form"] is None
    assert leader.post("/roads/targets/", {"county": county.pk}).status_code == 403
    assert leader.get(f"/roads/targets/{target.pk}/edit/").status_code == 403
    assert as_persona("outsider").get(f"/roads/targets/{target.pk}/edit/").status_code == 404


def test_targets_api(as_persona):
    engineer = as_persona("engineer")
    page = engineer.get("/api/roads/targets", {"year": 2018}).json()
    assert page["count"] == 10 and {t["year"] for t in page["items"]} == {2018}
    created = engineer.post(
        "/api/roads/targets",
        {"organization": "tr-highway", "county": "520602", "year": 2027, "groups": 3, "km": "7.5"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["county_name"] == "碧江区" and created.json()["km"] == "7.500"
    again = engineer.post(
        "/api/roads/targets",
        {"organization": "tr-highway", "county": "520602", "year": 2027, "groups": 3, "km": "7.5"},
        content_type="application/json",
    ).json()
    assert again["error"]["status"] == 422
    assert again["error"]["details"] == [
        {"field": "year", "message": "碧江区 already has a target for 2027."}
    ]
    unknown = engineer.post(
        "/api/roads/targets",
        {"organization": "tr-highway", "county": "999999", "year": 2027, "groups": 3, "km": "1"},
        content_type="application/json",
    ).json()
    assert unknown["error"]["details"] == [
        {"field": "county", "message": "No county has the code 999999."}
    ]
    assert as_persona("outsider").get("/api/roads/targets").json()["count"] == 0
