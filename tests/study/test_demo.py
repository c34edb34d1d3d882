"""The demo's study: every member has records up to the load date, two members are behind,
the sessions are linked to the general meetings and party lectures, loading again adds
nothing, and the progress page reads in a bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.core.audit import system_actor
from branchwork.demo.study import load_study
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.study import selectors
from branchwork.study.models import StudyRecord, StudySession
from tests.conftest import DEMO_AS_OF

pytestmark = [pytest.mark.usefixtures("demo_data"), pytest.mark.django_db]

READER = system_actor("test reader")


def test_every_demo_member_has_study_records_before_the_load_date():
    highway = Organization.objects.get(code="tr-highway")
    members = Member.objects.filter(organization=highway)
    assert all(StudyRecord.objects.filter(member=m).exists() for m in members)
    assert not StudyRecord.objects.filter(date__gte=DEMO_AS_OF).exists()


def test_two_demo_members_are_behind_and_the_rest_met_the_year():
    highway = Organization.objects.get(code="tr-highway")
    rows = selectors.progress_list(
        user=READER, organization=highway, year=DEMO_AS_OF.year, today=DEMO_AS_OF
    )
    behind = sorted(r.member.name for r in rows if r.progress.warn)
    assert behind == ["何勇", "石磊"]
    assert all(r.progress.status == "met" for r in rows if r.member.name not in behind)
    leaders = {r.member.name for r in rows if r.requirement.basis == "leader"}
    assert leaders == {"张伟", "李娜", "赵磊", "刘洋", "陈静"}


def test_demo_sessions_are_linked_to_general_meetings_and_lectures():
    kinds = set(StudySession.objects.values_list("meeting__kind", flat=True))
    assert kinds == {"general_meeting", "lecture"}


def test_loading_the_demo_study_again_adds_nothing():
    before = StudyRecord.objects.count()
    assert load_study(DEMO_AS_OF) == 0
    assert StudyRecord.objects.count() == before


def test_the_progress_list_reads_in_a_bounded_number_of_queries(user_named):
    highway = Organization.objects.get(code="tr-highway")
    secretary = user_named("secretary")
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.progress_list(
            user=secretary, organization=highway, year=DEMO_AS_OF.year, today=DEMO_AS_OF
        )
    assert len(rows) == 23
    assert len(queries) <= 5, [q["sql"][:120] for q in queries]
