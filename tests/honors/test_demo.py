"""The demo holds every honor the article lists, with its year and awarding body, and the
article's series activities, the trade union, caring visits and a fund that reconciles."""

from __future__ import annotations

import pytest

from branchwork.activities.models import Activity, CaringVisit, MassOrganization
from branchwork.activities.rules import Series
from branchwork.activities.selectors import fund_ledger, study_hours
from branchwork.core.audit import system_actor
from branchwork.demo.data import DEMO_NOTE
from branchwork.honors.models import Honor
from branchwork.organizations.models import Organization

pytestmark = [pytest.mark.usefixtures("demo_data"), pytest.mark.django_db]

SYSTEM = system_actor("test")

# (title, level, awarding body, year) as the article gives them.
ARTICLE = [
    ("全国农村公路养护管理先进集体", "national", "交通运输部", None),
    ("工人先锋号", "provincial", "贵州省总工会", None),
    ("2015—2017年度全省交通运输行业先进集体", "provincial", "贵州省交通运输厅", 2017),
    ("全省农村公路建设先进集体", "provincial", "贵州省交通运输厅", 2018),
    ("全市首批支部标准化建设示范点", "municipal", "中共铜仁市直属机关工作委员会", 2017),
    ("全省脱贫攻坚先进党组织", "provincial", "中共贵州省委", 2019),
    ("全市脱贫攻坚先进党组织", "municipal", "中共铜仁市委", 2019),
    ("先进基层党组织", "municipal", "中共铜仁市委", 2019),
]


def test_every_honor_of_the_article_is_in_the_demo():
    highway = Honor.objects.filter(organization__code="tr-highway")
    for title, level, body, year in ARTICLE:
        honor = highway.get(title=title)
        assert (honor.level, honor.awarding_body, honor.year) == (level, body, year), title
        assert "原文" in honor.notes
    ten_years = highway.filter(title="全省农村公路养护管理工作第一名")
    assert sorted(ten_years.values_list("year", flat=True)) == list(range(2008, 2018))
    member_honor = highway.get(recipient="member")
    assert member_honor.member.name == "周敏" and DEMO_NOTE in member_honor.notes


def test_the_article_series_activities_and_the_trade_union_are_there_marked_as_demo():
    activities = Activity.objects.filter(organization__code="tr-highway")
    named = set(activities.values_list("series", flat=True))
    for series in ("five_city", "peaceful_highway", "member_ahead", "ethics_hall", "book_house"):
        assert series in named, Series(series).label
    assert all(DEMO_NOTE in a.notes for a in activities.exclude(notes=""))
    union = MassOrganization.objects.get(organization__code="tr-highway", kind="trade_union")
    people = list(union.memberships.all())
    assert sum(1 for m in people if m.staff_id) >= 3 and sum(1 for m in people if m.member_id)
    assert activities.filter(mass_org=union).exists()
    assert activities.filter(state="planned", signup_open=True).exists()


def test_the_demo_caring_fund_reconciles_and_study_hours_come_from_study_activities():
    highway = Organization.objects.get(code="tr-highway")
    assert CaringVisit.objects.filter(organization=highway).count() >= 3
    ledger = fund_ledger(user=SYSTEM, organization=highway)
    assert ledger.reconciliation.ok and ledger.reconciliation.balance > 0
    held = Activity.objects.filter(organization=highway, counts_as_study=True, state="held")
    year = held.first().date.year
    assert sum(study_hours(user=SYSTEM, organization=highway, year=year).values()) > 0


def test_loading_the_demo_again_adds_nothing():
    from branchwork.demo.activities import load_activities
    from branchwork.demo.honors import load_honors
    from tests.conftest import DEMO_AS_OF

    assert load_activities(DEMO_AS_OF) == 0
    assert load_honors(DEMO_AS_OF) == 0
