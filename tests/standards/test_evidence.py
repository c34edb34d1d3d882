"""The live-evidence registry: each source's verdict, the sources not available yet, plugging
one in, and the committee roll-up's bounded queries on 500 branches."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.organizations.models import Organization
from branchwork.standards import evidence, selectors
from branchwork.standards.evidence import REGISTRY, Source, adapt, evidence_for, plugged
from branchwork.standards.models import BranchInspection, Score
from branchwork.standards.rules import EvidenceStatus, Side
from tests.standards.factories import items_of, open_round

TODAY = dt.date.today()


def _ev(key, user, org, year=TODAY.year):
    return evidence_for(key, user=user, organization=org, year=year, today=TODAY)


def test_study_hours_come_from_the_study_progress(persona_tree):
    inspector = persona_tree.users["inspector"]
    running = _ev("study.hours", inspector, persona_tree.branch)
    # The year still runs: hours still come, so never "met" or "not met" yet.
    assert running.status in {EvidenceStatus.IN_PROGRESS, EvidenceStatus.NO_VERDICT}
    assert running.links and "/study/" in running.links[0][1]
    # A finished year with nothing recorded: members counted fell short, never "met".
    past = _ev("study.hours", inspector, persona_tree.branch, TODAY.year - 1)
    assert past.status in {EvidenceStatus.NOT_MET, EvidenceStatus.NO_VERDICT}
    # The department leader may not read study: no verdict, no link.
    hidden = _ev("study.hours", persona_tree.users["leader"], persona_tree.branch)
    assert hidden.status == EvidenceStatus.NO_VERDICT and not hidden.links


def test_rules_acknowledgment_without_an_adopted_rule_gives_no_verdict(persona_tree):
    ev = _ev("rules.acknowledgment", persona_tree.users["secretary"], persona_tree.branch)
    assert ev.status == EvidenceStatus.NO_VERDICT
    assert "No rule was adopted" in ev.figure


@pytest.mark.parametrize(
    ("met", "counted", "year_over", "status"),
    [
        (0, 0, True, EvidenceStatus.NO_VERDICT),
        (23, 23, True, EvidenceStatus.MET),
        (22, 23, True, EvidenceStatus.NOT_MET),
        (23, 23, False, EvidenceStatus.IN_PROGRESS),
        (0, 23, False, EvidenceStatus.IN_PROGRESS),
    ],
)
def test_study_verdict(met, counted, year_over, status):
    from branchwork.standards.rules import study_status

    assert study_status(met, counted, year_over) == status


@pytest.mark.parametrize(
    ("due", "done", "year_over", "status"),
    [
        (0, 0, True, EvidenceStatus.NO_VERDICT),
        (23, 23, False, EvidenceStatus.MET),
        (23, 22, False, EvidenceStatus.IN_PROGRESS),
        (23, 22, True, EvidenceStatus.NOT_MET),
    ],
)
def test_acknowledgment_verdict(due, done, year_over, status):
    from branchwork.standards.rules import acknowledgment_status

    assert acknowledgment_status(due, done, year_over) == status


def test_an_unknown_key_gives_no_verdict_and_no_key_no_evidence(persona_tree):
    assert _ev("nope", persona_tree.users["inspector"], persona_tree.branch).status == (
        EvidenceStatus.NOT_AVAILABLE
    )
    assert _ev("", persona_tree.users["inspector"], persona_tree.branch) is None


def test_meetings_evidence_comes_from_the_compliance_engine_with_a_link(persona_tree):
    ev = _ev("meetings.compliance", persona_tree.users["inspector"], persona_tree.branch)
    assert ev.status in {EvidenceStatus.NOT_MET, EvidenceStatus.IN_PROGRESS, EvidenceStatus.MET}
    assert "meeting rules met" in ev.figure
    assert ev.links and "meetings/compliance/" in ev.links[0][1]
    # A past year with no meetings at all: rules missed, so "not met", never "met".
    past = _ev("meetings.compliance", persona_tree.users["inspector"], persona_tree.branch, 2021)
    assert past.status == EvidenceStatus.NOT_MET


def test_dues_evidence_is_the_collection_rate(persona_tree):
    ev = _ev("dues.collection", persona_tree.users["secretary"], persona_tree.branch)
    assert ev.status != EvidenceStatus.MET or "100" in ev.figure
    assert "dues/report/" in ev.links[0][1]


def test_member_records_are_counted_against_the_required_fields(persona_tree):
    ev = _ev("members.records", persona_tree.users["secretary"], persona_tree.branch)
    assert "member records complete" in ev.figure
    assert ev.status in {EvidenceStatus.MET, EvidenceStatus.NOT_MET}
    member = persona_tree.members["member"]
    Organization.objects.none()  # (the roll is read through members.selectors.member_list)
    type(member).objects.filter(pk=member.pk).update(phone="")
    again = _ev("members.records", persona_tree.users["secretary"], persona_tree.branch)
    assert again.status == EvidenceStatus.NOT_MET


def test_a_role_that_may_not_read_the_records_gets_no_verdict(persona_tree):
    # The department leader sees standardization but not members or meetings.
    leader = persona_tree.users["leader"]
    for key in ("members.records", "meetings.compliance"):
        ev = _ev(key, leader, persona_tree.branch)
        assert ev.status == EvidenceStatus.NO_VERDICT and not ev.links


def test_plugging_in_a_selector_is_one_registry_entry(persona_tree, monkeypatch):
    monkeypatch.setitem(
        REGISTRY,
        "study.hours",
        Source("Study hours", plugged("tests.standards.fake_study.progress_summary")),
    )
    ev = _ev("study.hours", persona_tree.users["inspector"], persona_tree.branch, 2025)
    assert (ev.status, ev.links) == (EvidenceStatus.MET, [("Records", "/study/")])
    missing = plugged("branchwork.nowhere.selectors.progress_summary")
    assert (
        missing(user=None, organization=persona_tree.branch, year=2025, today=TODAY).status
        == EvidenceStatus.NOT_AVAILABLE
    )


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ({"met": True}, EvidenceStatus.MET),
        ({"met": False}, EvidenceStatus.NOT_MET),
        ({"met": "yes"}, EvidenceStatus.NO_VERDICT),
        ({"rate": 100}, EvidenceStatus.NO_VERDICT),
        (None, EvidenceStatus.NO_VERDICT),
    ],
)
def test_a_plugged_answer_is_met_only_when_it_says_so_plainly(answer, status):
    assert adapt(answer).status == status


def test_the_sheet_shows_live_evidence_once_per_source(persona_tree, django_assert_max_num_queries):
    (inspection,) = open_round(persona_tree.orgs["organs"], [persona_tree.branch], TODAY.year)
    inspector = persona_tree.users["inspector"]
    sheet = selectors.inspection_sheet(user=inspector, inspection=inspection)
    keyed = [r for r in sheet.rows if r.item.evidence_key]
    assert len(keyed) == len(evidence.REGISTRY) and all(r.evidence for r in keyed)
    assert all(r.evidence is None for r in sheet.rows if not r.item.evidence_key)
    with django_assert_max_num_queries(5):
        selectors.inspection_sheet(user=inspector, inspection=inspection, live=False)


# --- The roll-up: bounded queries whatever the number of branches ---------------------------


def _branches(parent, n):
    """``n`` branches under ``parent``, written directly (the services would take minutes)."""
    rows = [
        Organization(
            code=f"pt-bulk-{parent.pk}-{i}",
            name=f"测试支部 {i:03d}",
            org_type="branch",
            parent=parent,
            path=f"{parent.path}pt-bulk-{parent.pk}-{i}/",
            depth=parent.depth + 1,
        )
        for i in range(n)
    ]
    return Organization.objects.bulk_create(rows)


def _rollup_queries(tree, n):
    organs = tree.orgs["organs"]
    committee = Organization.objects.create(
        code=f"pt-bulk-c{n}",
        name=f"测试工委 {n}",
        org_type="committee",
        parent=organs,
        path=f"{organs.path}pt-bulk-c{n}/",
        depth=organs.depth + 1,
    )
    branches = _branches(committee, n)
    last = open_round(committee, branches, TODAY.year - 1)
    this = open_round(committee, branches, TODAY.year, template=last[0].round.template)
    item = items_of(this[0])[0]
    Score.objects.bulk_create(
        Score(inspection=i, item=item, side=side, points=Decimal("4"))
        for i in this
        for side in (Side.SELF, Side.INSPECTOR)
    )
    BranchInspection.objects.filter(pk__in=[i.pk for i in last[: n // 2]]).update(
        result="passed",
        result_on=dt.date(TODAY.year - 1, 6, 30),
        signed_off_at=dt.datetime.now(dt.UTC),
        total=Decimal("85"),
    )
    user = type(tree.users["inspector"]).objects.get(pk=tree.users["inspector"].pk)
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.sort_rollup(
            selectors.rollup(user=user, organization=committee, year=TODAY.year), "score"
        )
    assert len(rows) == n
    assert rows[0].own_total == Decimal("4") and rows[0].inspector_total == Decimal("4")
    assert sum(1 for r in rows if r.history) == n // 2
    return len(ctx.captured_queries)


def test_the_roll_up_of_500_branches_takes_as_many_queries_as_of_5(persona_tree):
    small = _rollup_queries(persona_tree, 5)
    large = _rollup_queries(persona_tree, 500)
    # The user's grants, the branches, the inspections, the score sums.
    assert large == small == 4
