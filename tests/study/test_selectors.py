"""Study reads: progress per member and its summary, warnings from the last quarter, the
member's own progress, and scoping (outsiders see nothing, roles without study.view are
refused, members read only their own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from branchwork.study import selectors
from tests.study.factories import material, study_record

D = dt.date
NOV = D(2026, 11, 30)


@pytest.fixture
def hours(persona_tree):
    """周党员 has met 32 hours; 张书记 (secretary, owes 56 and a training) has 40 and no
    training; 钱预备 (probationary) has 40 hours and her centralised training."""
    m = persona_tree.members
    study_record(m["member"], hours=32, date=D(2026, 3, 1))
    study_record(m["secretary"], hours=40, date=D(2026, 3, 1))
    study_record(m["probationary"], hours=32, date=D(2026, 3, 1))
    study_record(m["probationary"], hours=8, date=D(2026, 4, 16), form="centralised")
    study_record(m["other"], hours=5, date=D(2026, 3, 1))
    return persona_tree


def _by_name(rows):
    return {r.member.name: r for r in rows}


def test_progress_of_each_member_with_the_requirement_that_applies(hours):
    tree = hours
    rows = _by_name(
        selectors.progress_list(
            user=tree.users["secretary"], organization=tree.orgs["branch"], year=2026, today=NOV
        )
    )
    assert set(rows) == {"张书记", "周党员", "钱预备"}
    secretary = rows["张书记"]
    assert (secretary.requirement.hours, secretary.requirement.basis) == (56, "leader")
    assert secretary.progress.status == "behind" and secretary.progress.warn
    assert "16 of 56 hours" in secretary.progress.reason
    assert rows["周党员"].progress.status == "met"
    assert rows["钱预备"].requirement.centralised_because == ("probationary",)
    assert rows["钱预备"].progress.status == "met"
    assert rows["钱预备"].by_form == {"self_study": Decimal(32), "centralised": Decimal(8)}


def test_the_summary_counts_members_met_behind_and_hours(hours):
    summary = selectors.progress_summary(
        user=hours.users["inspector"], organization=hours.orgs["branch"], year=2026, today=NOV
    )
    assert (summary.counted, summary.met, summary.behind, summary.total_hours) == (3, 2, 1, 112)
    assert summary.met_rate == 67


def test_the_summary_of_the_work_committee_covers_both_branches(hours):
    summary = selectors.progress_summary(
        user=hours.users["inspector"], organization=hours.orgs["organs"], year=2026, today=NOV
    )
    assert summary.counted == 4 and summary.total_hours == 117


def test_hours_after_today_are_not_counted_yet(hours):
    rows = _by_name(
        selectors.progress_list(
            user=hours.users["secretary"],
            organization=hours.orgs["branch"],
            year=2026,
            today=D(2026, 2, 28),
        )
    )
    assert rows["周党员"].progress.done == 0


@pytest.mark.parametrize("persona", ["outsider", "leader", "engineer", "member"])
def test_roles_without_study_view_on_the_branch_are_refused(hours, persona):
    with pytest.raises(PermissionDenied):
        selectors.progress_list(
            user=hours.users[persona], organization=hours.orgs["branch"], year=2026, today=NOV
        )


@pytest.mark.parametrize(
    ("today", "names"),
    [
        (D(2026, 9, 30), set()),
        (D(2026, 10, 1), {"张书记"}),
        (D(2027, 1, 15), {"张书记"}),  # January: last year's shortfall
        (D(2027, 2, 1), set()),
    ],
)
def test_warnings_start_in_the_last_quarter(hours, today, names):
    rows = selectors.behind_warnings(
        user=hours.users["secretary"], organization=hours.orgs["branch"], today=today
    )
    assert {r.member.name for r in rows} == names


def test_warnings_are_empty_for_roles_without_study_view(hours):
    assert (
        selectors.behind_warnings(
            user=hours.users["engineer"], organization=hours.orgs["branch"], today=NOV
        )
        == []
    )


def test_a_member_reads_their_own_progress_without_a_study_role(hours):
    mine = selectors.my_progress(user=hours.users["member"], year=2026, today=NOV)
    assert mine.member.name == "周党员" and mine.progress.status == "met"
    assert selectors.my_progress(user=hours.users["engineer"], year=2026, today=NOV) is None
    assert [r.topic for r in selectors.my_records(user=hours.users["member"], year=2026)] == [
        "学习党章"
    ]


def test_the_ledger_of_a_branch_holds_only_its_members(hours):
    records = selectors.record_list(
        user=hours.users["secretary"], organization=hours.orgs["branch"]
    )
    assert {r.member.name for r in records} == {"张书记", "周党员", "钱预备"}
    outsider = selectors.record_list(
        user=hours.users["outsider"], organization=hours.orgs["organs"]
    )
    assert {r.member.name for r in outsider} == {"黄书记"}


def test_a_member_reads_their_own_record_but_not_another(hours):
    m = hours.members
    own = m["member"].study_records.first()
    other = m["secretary"].study_records.first()
    assert selectors.record_get(user=hours.users["member"], pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.record_get(user=hours.users["member"], pk=other.pk)
    with pytest.raises(Http404):
        selectors.record_get(user=hours.users["outsider"], pk=own.pk)
    with pytest.raises(PermissionDenied):
        selectors.record_get(user=hours.users["discipline"], pk=own.pk, action="study.manage")


def test_the_library_holds_the_branch_and_higher_materials_with_reads(persona_tree):
    from branchwork.study.services import material_mark_read
    from tests.conftest import TEST_ACTOR

    own = material(persona_tree.orgs["branch"], title="支部材料")
    higher = material(persona_tree.orgs["organs"], title="工委材料")
    material(persona_tree.orgs["other"], title="另一支部材料")
    material_mark_read(actor=TEST_ACTOR, material=own, member=persona_tree.members["member"])
    titles = {
        m.title: m.read_count
        for m in selectors.material_list(
            user=persona_tree.users["secretary"], organization=persona_tree.orgs["branch"]
        )
    }
    assert titles == {"支部材料": 1, "工委材料": 0}
    mine = selectors.my_materials(user=persona_tree.users["member"])
    assert [(m.title, read) for m, read in mine] == [("工委材料", False), ("支部材料", True)]
    readers = selectors.material_readers(user=persona_tree.users["secretary"], material=own)
    assert readers[0][0].name == "周党员" and readers[0][1] is not None
    assert selectors.material_get(user=persona_tree.users["member"], pk=higher.pk) == higher
