"""The demo's pipeline: the article's 2019 admission as a complete record converted on time,
the probationary member's file, and the people in progress with a deadline in the load month."""

from __future__ import annotations

import datetime as dt

import pytest

from branchwork.core.audit import system_actor
from branchwork.development import rules, selectors
from branchwork.development.models import Person
from branchwork.members.models import Member
from tests.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_the_2019_admission_is_a_complete_record_converted_on_time():
    peng = Person.objects.get(name="彭晓东")
    dates = selectors.dates_of(peng)
    assert sorted(dates) == list(range(1, 26))
    assert dates[15] == dt.date(2019, 5, 20)
    assert dates[23] >= rules.probation_end(dates[15])
    assert peng.status == rules.PersonStatus.COMPLETED
    assert peng.member.category == "full"
    assert peng.steps.get(number=23).vote.passed


def test_the_probationary_member_has_her_file_up_to_the_conversion():
    hu = Person.objects.get(name="胡小梅")
    member = Member.objects.get(name="胡小梅")
    assert hu.member == member and member.category == "probationary"
    assert selectors.dates_of(hu)[15] == member.admitted_on
    step = selectors.next_step_of(hu)
    assert step.number == 22 and step.latest > DEMO_AS_OF


def test_two_activists_a_target_and_a_deadline_in_the_load_month():
    highway = Person.objects.filter(organization__code="tr-highway", status="active")
    stages = sorted(p.stage for p in highway.exclude(member__isnull=False))
    assert stages == ["activist", "activist", "applicant", "target"]
    org = Person.objects.get(name="龙海").organization
    due = selectors.deadlines(user=system_actor("test"), organization=org, today=DEMO_AS_OF)
    assert [d.person.name for d in due] == ["冉静"]
    assert (due[0].step.latest.year, due[0].step.latest.month) == (
        DEMO_AS_OF.year,
        DEMO_AS_OF.month,
    )
