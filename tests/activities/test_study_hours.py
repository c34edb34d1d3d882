"""An activity that counts as study gives each party member who attended one study record
(issue 16 §1: hours counted toward study), kept equal to what they attended."""

from __future__ import annotations

from decimal import Decimal

from branchwork.activities import services
from branchwork.study.models import StudyRecord
from tests.activities.factories import make_activity
from tests.conftest import TEST_ACTOR


def _records(member):
    return list(
        StudyRecord.objects.filter(member=member, source_key__startswith="activities:").values_list(
            "hours", "form", "topic"
        )
    )


def test_attended_study_counts_and_follows_every_change(persona_tree):
    member = persona_tree.members["member"]
    activity = make_activity(persona_tree.branch, counts_as_study=True, hours=Decimal("2.3"))
    participant = services.participant_add(actor=TEST_ACTOR, activity=activity, member=member)
    assert _records(member) == []  # signed up, not yet there
    services.participant_set(actor=TEST_ACTOR, participant=participant, checked_in=True)
    # Down to the half hour the study ledger keeps.
    assert _records(member) == [(Decimal("2"), "collective", "道德讲堂")]
    # Left early: their own hours.
    services.participant_set(
        actor=TEST_ACTOR, participant=participant, checked_in=True, hours=Decimal("1.5")
    )
    assert _records(member) == [(Decimal("1.5"), "collective", "道德讲堂")]
    services.participant_set(actor=TEST_ACTOR, participant=participant, checked_in=False)
    assert _records(member) == []
    services.participant_set(actor=TEST_ACTOR, participant=participant, checked_in=True)
    assert len(_records(member)) == 1  # never doubled
    services.participant_remove(actor=TEST_ACTOR, participant=participant)
    assert _records(member) == []


def test_an_activity_that_stops_counting_as_study_takes_its_hours_back(persona_tree):
    member = persona_tree.members["member"]
    activity = make_activity(persona_tree.branch, counts_as_study=True)
    services.participant_add(actor=TEST_ACTOR, activity=activity, member=member, checked_in=True)
    assert len(_records(member)) == 1
    services.activity_save(
        actor=TEST_ACTOR,
        organization=persona_tree.branch,
        data={"counts_as_study": False},
        activity=activity,
    )
    assert _records(member) == []


def test_an_activity_that_is_not_study_and_staff_give_no_study_record(persona_tree):
    member = persona_tree.members["member"]
    activity = make_activity(persona_tree.branch, counts_as_study=False, kind="volunteer")
    services.participant_add(actor=TEST_ACTOR, activity=activity, member=member, checked_in=True)
    assert _records(member) == []
