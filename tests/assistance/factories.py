"""Assistance test data, built through the services: two counties with a village each (the
divisions are created here: they are reference data the demo loads from a file), a household
paired with the persona tree's member, and ledger rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from branchwork.assistance import services
from branchwork.assistance.models import (
    DesignatedCounty,
    Household,
    HouseholdPairing,
    LedgerEntry,
    VillagePairing,
)
from branchwork.roads.models import Division
from tests.conftest import TEST_ACTOR


def division(code: str, name: str, level: str, parent: Division | None = None) -> Division:
    found, _created = Division.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": level, "parent": parent, "code_system": "test"},
    )
    return found


def divisions() -> dict[str, Division]:
    city = division("520600", "铜仁市", "city")
    yinjiang = division("520625", "印江土家族苗族自治县", "county", city)
    songtao = division("520628", "松桃苗族自治县", "county", city)
    town = division("520625100", "峨岭街道", "township", yinjiang)
    town2 = division("520628100", "蓼皋街道", "township", songtao)
    return {
        "yinjiang": yinjiang,
        "songtao": songtao,
        "village": division("520625100201", "团结村村民委员会", "village", town),
        "village2": division("520628100201", "龙门村村民委员会", "village", town2),
    }


@dataclass
class AssistanceData:
    county: DesignatedCounty
    county2: DesignatedCounty
    village: VillagePairing
    village2: VillagePairing
    household: Household
    pairing: HouseholdPairing


def build(tree: Any) -> AssistanceData:
    """Designations, villages, one household paired with the tree's member."""
    found = divisions()
    branch = tree.orgs["branch"]
    county = services.county_designate(
        actor=TEST_ACTOR, organization=branch, county=found["yinjiang"], since=2016
    )
    county2 = services.county_designate(
        actor=TEST_ACTOR, organization=branch, county=found["songtao"], since=2016
    )
    village = services.village_pair(
        actor=TEST_ACTOR,
        designation=county,
        village=found["village"],
        unit="测试局",
        started_on=dt.date(2017, 3, 1),
    )
    village2 = services.village_pair(
        actor=TEST_ACTOR,
        designation=county2,
        village=found["village2"],
        unit="测试局",
        started_on=dt.date(2017, 3, 1),
    )
    household = services.household_save(
        actor=TEST_ACTOR,
        village=village,
        data={"head_name": "田大山", "size": 4, "registered_poor": True, "phone": "13800001111"},
    )
    pairing = services.household_pair(
        actor=TEST_ACTOR,
        household=household,
        member=tree.members["member"],
        started_on=dt.date(2018, 1, 1),
    )
    return AssistanceData(county, county2, village, village2, household, pairing)


def entry(data: AssistanceData, **fields: Any) -> LedgerEntry:
    values: dict[str, Any] = {
        "date": dt.date(2019, 5, 10),
        "donor": "测试局",
        "county": data.county,
        "village": data.village,
        "kind": "materials",
        "quantity": Decimal("20"),
        "unit": "袋",
        "amount": Decimal("12000.00"),
        "source": "direct",
        "purpose": "化肥",
    }
    values.update(fields)
    organization = values["county"].organization
    return services.entry_record(actor=TEST_ACTOR, organization=organization, data=values)
