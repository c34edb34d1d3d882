"""Two saves of one record from one version at the same moment (issue 13 §1), on PostgreSQL.
Kept apart from test_versions.py: transactional tests cannot share a module with the
module-scoped persona tree."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from branchwork.core.audit import StaleEdit, save_as
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR


@pytest.mark.django_db(transaction=True)
def test_two_saves_from_one_version_at_once_on_postgresql_one_wins():
    """A real race: both threads read version 1; the second UPDATE waits on the first's row
    lock and then finds the version gone."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is tested on PostgreSQL (CI runs it there)")
    from django.db import transaction

    from tests.factories import OrganizationFactory

    root = OrganizationFactory(org_type="committee")
    org = OrganizationFactory(parent=root)
    first_saved, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                mine = Organization.objects.get(pk=org.pk)
                mine.notes = "first"
                save_as(mine, TEST_ACTOR)
                first_saved.set()
                release.wait(10)
            results["first"] = "ok"
        except Exception as exc:  # pragma: no cover - reported below
            results["first"] = exc
        finally:
            connections.close_all()

    def second() -> None:
        mine = Organization.objects.get(pk=org.pk)  # read before the first commits
        first_saved.wait(10)
        try:
            mine.notes = "second"
            save_as(mine, TEST_ACTOR)
            results["second"] = "ok"
        except StaleEdit as exc:
            results["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=second), threading.Thread(target=first)]
    for t in threads:
        t.start()
    first_saved.wait(10)
    import time

    time.sleep(0.5)  # the second thread is now blocked on the row lock
    release.set()
    for t in threads:
        t.join(20)
    assert results["first"] == "ok"
    assert isinstance(results["second"], StaleEdit), results
    stored = Organization.objects.get(pk=org.pk)
    assert (stored.notes, stored.version) == ("first", org.version + 1)
