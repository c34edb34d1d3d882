"""Benchmark of the member roster import against the bare read of the same file.

The roster (default 10,000 rows, every column filled, party groups named as offices write
them, unique valid ID numbers) is written once as an .xlsx workbook. Then, in one run:

- baseline: ``core.tabular.read_table`` reading that file with the roster's columns (the shared
  reader every import goes through, and nothing else);
- read and validate: ``members.imports.read_members`` (the same read, then every row checked
  by MemberForm and the lookups and uniqueness checks of the import);
- save: ``members.services.members_import`` of the validated rows (members and their history
  rows in bulk, one activity entry naming the count), rolled back after each run;
- the whole import: the two together, as the import page runs them.

Each figure is the median of ``--runs`` runs (default 3); the ratios are against the baseline
median, so they compare across machines. Peak Python memory of one more, untimed, import is
measured with tracemalloc. Run with `python bench/member_import.py [--rows N] [--runs N]`: in a
temporary database of its own with the demo (bench/tempdb.py: a new SQLite file, or a new
database on the PostgreSQL server DATABASE_URL names, dropped afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup  # noqa: E402
from bench.tempdb import temporary_database  # noqa: E402


def roster_file(rows: int) -> bytes:
    """An .xlsx roster of ``rows`` valid new members of tr-highway, in the office's layout."""
    from openpyxl import load_workbook

    from tests.members.helpers import id_number, roster, roster_row

    groups = ("第一党小组", "第2党小组", "第三党小组")
    book = load_workbook(
        roster([roster_row(i, party_group=groups[i % 3], id_number=None) for i in range(rows)])
    )
    sheet = book.active
    for r in range(2, rows + 2):
        # Distinct birth date and serial per row, so every ID number is valid and unique.
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=(r * 7) % 10000)
        gender = "male" if sheet.cell(r, 2).value == "男" else "female"
        sheet.cell(r, 4).value = birth
        sheet.cell(r, 5).value = id_number(birth, gender, serial=r % 400)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def median_time(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_member_import(rows: int, runs: int) -> dict[str, float]:
    """Print one line of figures for the roster import and return them."""
    import tracemalloc

    from django.db import connection, transaction

    from branchwork.core.audit import system_actor
    from branchwork.core.tabular import read_table
    from branchwork.members import imports, services
    from branchwork.members.models import Member
    from branchwork.organizations.models import Organization

    org = Organization.objects.get(code="tr-highway")
    before = Member.objects.filter(organization=org).count()
    payload = roster_file(rows)

    def bare_read() -> None:
        table = read_table(payload, imports.SPEC)
        assert table.ok and len(table.rows) == rows, table.errors[:3]

    validated: dict[str, imports.ImportResult] = {}

    def read_and_validate() -> None:
        result = imports.read_members(io.BytesIO(payload), org)
        assert result.ok and len(result.rows) == rows, result.errors[:3]
        validated["result"] = result

    def save() -> None:
        with transaction.atomic():
            saved = services.members_import(
                actor=system_actor("bench: member import"),
                organization=org,
                rows=validated["result"].rows,
                source="bench.xlsx",
            )
            assert saved == rows
            transaction.set_rollback(True)

    def whole_import() -> None:
        read_and_validate()
        save()

    baseline = median_time(runs, bare_read)
    validate = median_time(runs, read_and_validate)
    stored = median_time(runs, save)
    total = median_time(runs, whole_import)
    tracemalloc.start()  # an untimed run: tracemalloc slows Python down
    whole_import()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert Member.objects.filter(organization=org).count() == before
    print(
        f"member import, {rows:,} rows, median of {runs} [{connection.vendor}]: "
        f"bare read_table {baseline:.2f} s (baseline 1.0x); "
        f"read and validate {validate:.2f} s ({validate / baseline:.1f}x); "
        f"save {stored:.2f} s ({stored / baseline:.1f}x); "
        f"whole import {total:.2f} s ({total / baseline:.1f}x), {rows / total:,.0f} rows/s; "
        f"peak Python memory {peak / 2**20:.0f} MiB (tracemalloc)"
    )
    return {"baseline": baseline, "validate": validate, "save": stored, "total": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the roster")
    parser.add_argument("--runs", type=int, default=3, help="runs of each step (median)")
    args = parser.parse_args()
    with temporary_database() as data_dir:
        setup(data_dir)
        bench_member_import(args.rows, args.runs)


if __name__ == "__main__":
    main()
