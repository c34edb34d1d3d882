"""A throwaway data directory and database for one benchmark run.

The benchmarks write hundreds of organizations and thousands of members; they must never touch
the database of `make run` (the Makefile exports BRANCHWORK_DATA_DIR, and a user may have
DATABASE_URL set for their own data). ``temporary_database`` therefore *overrides* both, for
this process and the processes it starts:

- the data directory is a new temporary directory (the SQLite file, the local secret and field
  keys, media, static files and the page cache all live there);
- without DATABASE_URL, or with an SQLite one, the database is a new SQLite file in it;
- with a PostgreSQL DATABASE_URL, a new database ``bw_bench_<pid>_<random>`` is created on the
  same server (through its ``postgres`` maintenance database, with the same credentials) and
  dropped at the end; the database the URL names is never opened.

Everything is removed when the block ends, also after an error, Ctrl+C or `kill`, so the benchmarks
can run twice in a row.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from urllib.parse import urlparse, urlunparse

# Settings that could point a benchmark at the user's files or keys.
_CLEARED = ("STATIC_ROOT", "MEDIA_ROOT", "FIELD_ENCRYPTION_KEY", "DATABASE_REPLICA_URL")


def _with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


def _admin_execute(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(statement)


@contextlib.contextmanager
def temporary_database(prefix: str = "bw-bench-") -> Iterator[str]:
    """Point this process at a new, empty data directory and database (see the module's
    docstring), yield the data directory, and remove both afterwards. Call it before
    ``django.setup()``: the settings read the environment once."""
    # A plain `kill` (SIGTERM) ends the run like Ctrl+C does: through the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = tempfile.mkdtemp(prefix=prefix)
    saved = {k: os.environ.get(k) for k in ("BRANCHWORK_DATA_DIR", "DATABASE_URL", *_CLEARED)}
    url = os.environ.get("DATABASE_URL", "")
    temp_name = None
    os.environ["BRANCHWORK_DATA_DIR"] = data_dir
    for name in _CLEARED:
        os.environ.pop(name, None)
    if url.startswith("postgres"):
        temp_name = f"bw_bench_{os.getpid()}_{secrets.token_hex(3)}"
        _admin_execute(url, f'CREATE DATABASE "{temp_name}"')
        os.environ["DATABASE_URL"] = _with_database(url, temp_name)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
    try:
        yield data_dir
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if temp_name is not None:
            _admin_execute(url, f'DROP DATABASE IF EXISTS "{temp_name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def describe() -> str:
    """Where this run's data lives, for the first line of a report."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"temporary PostgreSQL database {connection.settings_dict['NAME']}"
    return f"temporary SQLite database {connection.settings_dict['NAME']}"
