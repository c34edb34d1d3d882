"""Report reads on a PostgreSQL streaming replica (issue 18 §4).

When ``DATABASE_REPLICA_URL`` is set, the database alias ``replica`` points at a read-only
standby of the primary (``pg_basebackup -R``). Code that builds a report wraps its reads in
``reads_from_replica()``; ``ReplicaRouter`` then sends those reads to the standby. Everything
else — every write, every read outside such a block — stays on the primary.

A report must never show less than its reader has just saved, so the standby is used only
when it has caught up: on entering the block, the primary's current WAL position is read and
the standby is asked whether it has replayed that far, waiting up to
``DATABASE_REPLICA_MAX_WAIT`` seconds (default 2). If it has not, or if it cannot be reached,
or if the block is entered inside a transaction on the primary (whose uncommitted writes the
standby cannot see), the reads stay on the primary. The report is then slower but right.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
log = logging.getLogger(__name__)

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "branchwork_reading_replica", default=False
)


def replica_configured() -> bool:
    """Is a replica database configured (``DATABASE_REPLICA_URL``)?"""
    return REPLICA in settings.DATABASES


def replica_caught_up(*, max_wait: float | None = None) -> bool:
    """Has the replica replayed every change committed on the primary so far?

    Reads the primary's WAL insert position, then polls the replica's replay position until
    it reaches it or ``max_wait`` seconds (default ``DATABASE_REPLICA_MAX_WAIT``) pass.
    False without a replica, when either database is not PostgreSQL, or on a database error
    (logged), so that callers fall back to the primary."""
    if not replica_configured():
        return False
    primary, replica = connections["default"], connections[REPLICA]
    if primary.vendor != "postgresql" or replica.vendor != "postgresql":
        return False
    wait = settings.DATABASE_REPLICA_MAX_WAIT if max_wait is None else max_wait
    try:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            target = cursor.fetchone()[0]
        deadline = time.monotonic() + wait
        with replica.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT pg_is_in_recovery() AND "
                    "coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)",
                    [target],
                )
                if cursor.fetchone()[0]:
                    return True
                if time.monotonic() >= deadline:
                    log.warning("replica has not caught up with %s after %.1f s", target, wait)
                    return False
                time.sleep(0.05)
    except DatabaseError:
        log.exception("replica not usable; reading from the primary")
        return False


@contextmanager
def reads_from_replica() -> Iterator[bool]:
    """Within the block, reads go to the replica when it is configured, reachable and caught
    up with the primary, and the primary holds no open transaction of this thread.

    Yields whether the replica is in use. Writes inside the block still go to the primary;
    don't write in a report."""
    use = not connections["default"].in_atomic_block and replica_caught_up()
    token = _reading_replica.set(use)
    try:
        yield use
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Database router: reads inside ``reads_from_replica()`` go to ``replica``; the rest goes
    to ``default``. The replica is never migrated (it is a copy of the primary)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reading_replica.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
