"""Report reads on a PostgreSQL streaming replica (issue 18 §4, core.replica).

The router tests run everywhere. The replica tests need PostgreSQL with DATABASE_REPLICA_URL
pointing at a streaming standby of it (`.ci/run` starts one on port 5433 with
`pg_basebackup -R`); under CI=true they fail instead of skipping when it is missing.
Transactional: the standby sees only committed rows."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from docx import Document

from branchwork.core import replica
from branchwork.core.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_configured
from branchwork.organizations.models import Organization


def test_without_a_replica_reads_stay_on_the_primary(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: False)
    router = ReplicaRouter()
    with reads_from_replica() as used:
        assert used is False
        assert router.db_for_read(Organization) is None
    assert router.db_for_write(Organization) == "default"
    assert router.allow_migrate(REPLICA, "organizations") is False
    assert router.allow_migrate("default", "organizations") is True


def _need_replica() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica is a PostgreSQL feature (CI runs this on PostgreSQL)")
    if not replica_configured():
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the PostgreSQL suite with DATABASE_REPLICA_URL set (.ci/run)")
        pytest.skip("DATABASE_REPLICA_URL is not set")


def replica_db(test):
    """Transactional, on every database, and in one xdist group: pausing replay on the
    standby (the lag test) would make another worker's replica test wait and fall back."""
    test = pytest.mark.django_db(transaction=True, databases="__all__")(test)
    return pytest.mark.xdist_group("replica")(test)


@replica_db
def test_reads_in_the_block_go_to_the_caught_up_standby():
    _need_replica()
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(org_type="committee", name="副本测试党委")
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, reads_from_replica() as used:
        assert used is True
        # Committed a moment ago on the primary: the block waited for the standby.
        assert Organization.objects.get(pk=org.pk).name == "副本测试党委"
    assert any("organizations_organization" in q["sql"] for q in on_replica.captured_queries)
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # it really is the standby


@replica_db
def test_inside_a_transaction_on_the_primary_reads_stay_there():
    """The standby cannot see this transaction's own uncommitted writes."""
    _need_replica()
    from tests.factories import OrganizationFactory

    with transaction.atomic():
        org = OrganizationFactory(org_type="committee")
        with reads_from_replica() as used:
            assert used is False
            assert Organization.objects.filter(pk=org.pk).exists()


@replica_db
def test_a_lagging_standby_is_not_read(settings):
    """Replay paused on the standby: a change committed after that is not there, so the
    block falls back to the primary after the wait, and the read still sees the change."""
    _need_replica()
    from tests.factories import OrganizationFactory

    settings.DATABASE_REPLICA_MAX_WAIT = 0.3
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        org = OrganizationFactory(org_type="committee")
        started = time.monotonic()
        with reads_from_replica() as used:
            assert used is False
            assert Organization.objects.filter(pk=org.pk).exists()
        assert time.monotonic() - started >= 0.3
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@replica_db
def test_the_annual_report_is_read_from_the_standby():
    _need_replica()
    from branchwork.core.roles import Role
    from branchwork.dashboard.report import annual_report
    from tests.factories import GrantFactory, OrganizationFactory

    org = OrganizationFactory(org_type="committee", name="副本报告党委")
    leader = GrantFactory(organization=org, role=Role.LEADER).user
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        content = annual_report(user=leader, organization=org, year=2025, language="zh-hans")
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "副本报告党委" in text
    # The catch-up check plus the report's own reads.
    assert len(on_replica.captured_queries) > 3
