"""Every edit form of activities and honors, opened and saved back unchanged, leaves its record
exactly as it was (the rule of tests/test_edit_forms.py, on factory data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from branchwork.activities import services
from tests.activities.factories import make_activity, make_income, make_visit
from tests.conftest import TEST_ACTOR
from tests.honors.factories import make_honor
from tests.test_edit_forms import _errors, form_values, snapshot


def _activity(tree):
    return make_activity(
        tree.branch,
        start_time=dt.time(9, 30),
        place="职工书屋",
        hours=Decimal("1.5"),
        counts_as_study=True,
        signup_open=False,
        capacity=12,
        description="诵读",
    )


def _planned(tree):
    return make_activity(
        tree.branch, state="planned", date=timezone.localdate() + dt.timedelta(days=9)
    )


def _mass_org(tree):
    return services.mass_org_save(
        actor=TEST_ACTOR,
        organization=tree.branch,
        data={
            "kind": "trade_union",
            "name": "工会",
            "chair": "吴",
            "founded_on": dt.date(2001, 5, 1),
        },
    )


def _visit(tree):
    make_income(tree.branch, "900.00")
    return make_visit(
        tree.branch, "300.00", visited_member=tree.members["member"], follow_up="复诊后再访"
    )


def _honor(tree):
    return make_honor(
        tree.branch,
        recipient="member",
        member=tree.members["member"],
        awarded_on=dt.date(2019, 6, 30),
        period="2018—2019",
    )


EDIT_FORMS = [
    ("held activity", _activity, lambda o: f"/activities/{o.pk}/edit/"),
    ("planned activity", _planned, lambda o: f"/activities/{o.pk}/edit/"),
    ("mass organization", _mass_org, lambda o: f"/activities/mass/{o.pk}/edit/"),
    ("caring visit", _visit, lambda o: f"/activities/care/{o.pk}/edit/"),
    ("honor", _honor, lambda o: f"/honors/{o.pk}/edit/"),
]


@pytest.mark.parametrize(("what", "make", "url"), EDIT_FORMS, ids=[e[0] for e in EDIT_FORMS])
def test_saving_an_edit_form_unchanged_changes_nothing(persona_tree, what, make, url):
    obj = make(persona_tree)
    before = snapshot(obj)
    client = persona_tree.client("secretary")
    page = client.get(url(obj))
    assert page.status_code == 200
    data = form_values(page.content.decode())
    response = client.post(url(obj), data)
    assert response.status_code == 302, _errors(response)
    assert snapshot(obj) == before
