"""List and detail pages run a fixed number of queries whatever the number of activities,
participants and photos (measured with Django's query counter)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.activities import services
from tests.activities.factories import make_activity, make_staff
from tests.conftest import TEST_ACTOR


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(tree, n: int):
    activity = None
    for i in range(n):
        activity = make_activity(tree.branch, name=f"活动{i}")
        staff = make_staff(tree.branch, name=f"职工{i}")
        services.participant_add(actor=TEST_ACTOR, activity=activity, staff=staff, checked_in=True)
    return activity


def test_pages_do_not_grow_with_the_data(persona_tree):
    client = persona_tree.client("secretary")
    code = persona_tree.branch.code
    first = _grow(persona_tree, 2)
    urls = [f"/activities/?org={code}", f"/activities/hours/?org={code}"]
    small = [_queries(client, u) for u in [*urls, f"/activities/{first.pk}/"]]
    last = _grow(persona_tree, 15)
    for staff in persona_tree.branch.staff.all():
        services.participant_add(actor=TEST_ACTOR, activity=last, staff=staff)
    large = [_queries(client, u) for u in [*urls, f"/activities/{last.pk}/"]]
    assert large == small, (small, large)
