"""The pipeline through the services: the member record at admission, dues from the
admission month, conversion, extension, disqualification, refusals naming the rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from branchwork.core.dates import add_months
from branchwork.development import rules, services
from branchwork.dues.models import MonthlyDue
from branchwork.dues.services import ledger_generate
from branchwork.members.models import Member
from tests.conftest import TEST_ACTOR
from tests.development.factories import PersonFactory, general_meeting, schedule, walk
from tests.factories import FeeBasisFactory

START = dt.date(2022, 3, 10)


@pytest.fixture
def branch(persona_tree):
    return persona_tree.branch


@pytest.fixture
def introducers(persona_tree):
    return [persona_tree.members["secretary"], persona_tree.members["member"]]


def test_admission_creates_the_probationary_member_with_dues_from_that_month(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 15, introducers)
    member = Member.objects.get(pk=person.member_id)
    assert member.category == "probationary"
    assert member.admitted_on == dates[15]
    assert member.id_number == person.id_number
    assert person.stage == rules.Stage.PROBATIONARY
    # A basis from January of that year: the ledger still begins with the admission month
    # (党费规定 Art. 8), as the member's admission date in the registry says.
    FeeBasisFactory.create(member=member, effective_from=dates[15].replace(month=1, day=1))
    ledger_generate(
        actor=TEST_ACTOR, organization=branch, year=dates[15].year, through=dt.date(2023, 12, 31)
    )
    months = sorted(MonthlyDue.objects.filter(member=member).values_list("month", flat=True))
    assert months[0] == dates[15].replace(day=1)
    assert months[-1] == dt.date(2023, 12, 1)


def test_the_conversion_vote_converts_the_member_from_the_end_of_probation(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 25, introducers)
    member = Member.objects.get(pk=person.member_id)
    assert member.category == "full"
    assert member.converted_on == add_months(dates[15], 12)
    assert person.status == rules.PersonStatus.COMPLETED
    assert [s.number for s in person.steps.order_by("number")] == list(range(1, 26))


def test_a_talk_too_late_is_refused_with_the_rule_and_its_source(branch):
    person = PersonFactory.create(organization=branch)
    services.step_record(actor=TEST_ACTOR, person=person, number=1, date=START)
    with pytest.raises(ValidationError) as exc:
        services.step_record(actor=TEST_ACTOR, person=person, number=2, date=dt.date(2022, 4, 11))
    assert "细则 Art. 6" in str(exc.value) and "2022-04-10" in str(exc.value)


def test_an_underage_application_is_refused(branch):
    person = PersonFactory.create(organization=branch, birth_date=dt.date(2005, 1, 1))
    with pytest.raises(ValidationError, match=r"细则 Art\. 5"):
        services.step_record(actor=TEST_ACTOR, person=person, number=1, date=dt.date(2022, 12, 31))


def test_introducers_must_be_full_members(branch, persona_tree):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 8, [])
    probationary = persona_tree.members["probationary"]
    with pytest.raises(ValidationError, match=r"党章 Art\. 5"):
        services.step_record(
            actor=TEST_ACTOR,
            person=person,
            number=9,
            date=dates[9],
            introducers=[persona_tree.members["secretary"], probationary],
        )


def test_a_vote_that_does_not_pass_is_kept_and_the_step_refused(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 14, introducers)
    meeting = general_meeting(branch, dates[15])
    outcome = services.vote_step_record(
        actor=TEST_ACTOR,
        person=person,
        decision=services.ADMIT,
        meeting=meeting,
        votes_for=1,
        votes_against=1,
    )
    assert outcome.step is None
    assert "Not passed" in outcome.refusal and "支部条例 Art. 11" in outcome.refusal
    assert meeting.votes.count() == 1
    person.refresh_from_db()
    assert person.member_id is None and person.stage == rules.Stage.TARGET


def test_a_conversion_vote_before_the_year_is_over_records_nothing(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 22, introducers)
    meeting = general_meeting(branch, add_months(dates[15], 12) - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match=r"党章 Art\. 7"):
        services.vote_step_record(
            actor=TEST_ACTOR, person=person, decision=services.CONVERT, meeting=meeting, votes_for=2
        )
    assert meeting.votes.count() == 0


def test_an_extension_once_moves_the_members_probation(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 22, introducers)
    end = add_months(dates[15], 12)
    outcome = services.vote_step_record(
        actor=TEST_ACTOR,
        person=person,
        decision=rules.EXTEND,
        meeting=general_meeting(branch, end),
        votes_for=2,
        extension_months=6,
        note="理论学习不够深入",
    )
    assert outcome.step is not None
    person.refresh_from_db()
    assert person.probation_extension_months == 6
    assert Member.objects.get(pk=person.member_id).probation_extension_months == 6
    with pytest.raises(ValidationError, match="once only"):
        services.vote_step_record(
            actor=TEST_ACTOR,
            person=person,
            decision=rules.EXTEND,
            meeting=general_meeting(branch, end + dt.timedelta(days=3)),
            votes_for=2,
            extension_months=6,
        )


def test_a_target_is_disqualified_by_the_committee_with_reasons(branch, introducers):
    person = walk(PersonFactory.create(organization=branch), schedule(START), 7, introducers)
    with pytest.raises(ValidationError):
        services.person_disqualify(actor=TEST_ACTOR, person=person, date=START, reason=" ")
    services.person_disqualify(
        actor=TEST_ACTOR, person=person, date=dt.date(2023, 6, 1), reason="调离本单位"
    )
    person.refresh_from_db()
    assert person.status == rules.PersonStatus.DISQUALIFIED
    with pytest.raises(ValidationError, match="ended"):
        services.step_record(actor=TEST_ACTOR, person=person, number=8, date=dt.date(2023, 7, 1))


def test_a_probationary_membership_is_cancelled_only_by_a_vote(branch, introducers):
    dates = schedule(START)
    person = walk(PersonFactory.create(organization=branch), dates, 16, introducers)
    with pytest.raises(ValidationError, match="general-meeting vote"):
        services.person_disqualify(actor=TEST_ACTOR, person=person, date=dates[16], reason="x")
    outcome = services.vote_step_record(
        actor=TEST_ACTOR,
        person=person,
        decision=rules.DISQUALIFY,
        meeting=general_meeting(branch, dates[16] + dt.timedelta(days=5)),
        votes_for=2,
        note="严重违反纪律",
    )
    assert outcome.step is not None
    assert Member.objects.get(pk=person.member_id).status == "removed"
