"""Dues collection month by month (the annual report's chart): the months add up to the
year's collection figures, months not yet passed are left out, one query."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.dues.selectors import collection_by_month, collection_figures
from branchwork.organizations.models import Organization

pytestmark = pytest.mark.usefixtures("demo_data")


def test_the_months_add_up_to_the_years_figures(db, user_named):
    leader = user_named("leader")
    highway = Organization.objects.get(code="tr-highway")
    leader.refresh_from_db()
    collection_figures(user=leader, organization=highway, year=2019)  # grants cached
    with CaptureQueriesContext(connection) as queries:
        months = collection_by_month(
            user=leader, organization=highway, year=2019, today=dt.date(2020, 1, 1)
        )
    assert len(queries) == 1
    assert [m for m, _c in months] == [dt.date(2019, n, 1) for n in range(1, 13)]
    total, _per_org = collection_figures(
        user=leader, organization=highway, year=2019, today=dt.date(2020, 1, 1)
    )
    assert total.due and sum(c.due for _m, c in months) == total.due
    assert sum(c.collected for _m, c in months) == total.collected


def test_months_not_yet_passed_are_left_out(db, user_named):
    leader = user_named("leader")
    highway = Organization.objects.get(code="tr-highway")
    months = collection_by_month(
        user=leader, organization=highway, year=2026, today=dt.date(2026, 4, 15)
    )
    assert [m.month for m, _c in months] == [1, 2, 3]


def test_a_member_may_not_read_it(db, user_named):
    with pytest.raises(PermissionDenied):
        collection_by_month(
            user=user_named("member"),
            organization=Organization.objects.get(code="tr-highway"),
            year=2019,
        )
