"""Benchmarks for Branchwork. Run with `make bench`.

Each measurement prints its time and a ratio against a baseline measured in the same run on
the same machine, so the numbers compare across machines:

- member import of N rows (default 10,000): read + validate every row with MemberForm, then
  save in one transaction with history; baseline: openpyxl reading the same workbook alone.
- member list page: queries and time for 10 and for 1,000 members on the roll.

Uses a fresh SQLite database in a temporary data directory (or DATABASE_URL if set).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(data_dir: str) -> None:
    os.environ.setdefault("BRANCHWORK_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branchwork.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("demo", "--quiet-logins", stdout=open(os.devnull, "w"))  # noqa: SIM115


def best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_import(rows: int) -> None:
    from django.db import transaction
    from openpyxl import load_workbook

    from branchwork.members import excel, services
    from branchwork.members.models import Member
    from branchwork.organizations.models import Organization
    from tests.members.helpers import roster, roster_row

    org = Organization.objects.get(code="tr-transport")
    workbook = roster([roster_row(i, party_group=None, id_number=None) for i in range(rows)])
    # Unique, valid ID numbers for every row: vary the birth date and serial.
    book = load_workbook(workbook)
    sheet = book.active
    from tests.members.helpers import id_number

    for r in range(2, rows + 2):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=(r * 7) % 10000)  # distinct per row
        gender = "male" if sheet.cell(r, 2).value == "男" else "female"
        sheet.cell(r, 4).value = birth
        sheet.cell(r, 5).value = id_number(birth, gender, serial=r % 400)
    import io

    data = io.BytesIO()
    book.save(data)
    payload = data.getvalue()

    def read_only():
        list(load_workbook(io.BytesIO(payload), read_only=True).active.iter_rows(values_only=True))

    baseline = best_of(3, read_only)

    timings = {}

    def full_import():
        start = time.perf_counter()
        result = excel.read_members(io.BytesIO(payload), org)
        timings["validate"] = time.perf_counter() - start
        assert result.ok, result.errors[:5]
        start = time.perf_counter()
        with transaction.atomic():
            services.members_import(actor=None, organization=org, rows=result.rows, source="bench")
            timings["save"] = time.perf_counter() - start
            transaction.set_rollback(True)

    total = best_of(1, full_import)
    print(
        f"import {rows:,} rows: {total:.2f} s total "
        f"(validate {timings['validate']:.2f} s, save {timings['save']:.2f} s); "
        f"baseline openpyxl read {baseline:.2f} s; ratio {total / baseline:.1f}x; "
        f"{rows / total:,.0f} rows/s"
    )
    assert Member.objects.filter(organization=org).count() == 0


def bench_list() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from branchwork.accounts.models import User
    from branchwork.members.models import Member
    from branchwork.members.services import build_member
    from branchwork.organizations.models import Organization
    from tests.members.helpers import member_data

    org = Organization.objects.get(code="tr-transport")
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    url = "/members/?org=tr-transport"

    def fill(total: int) -> None:
        have = Member.objects.filter(organization=org).count()
        new = []
        for i in range(have, total):
            data = member_data(serial=i % 400 + 1, party_group=None)
            data["name"] = f"成员{i}"
            data["id_number"] = f"B{i:017d}"
            new.append(build_member(org, data))
        Member.objects.bulk_create(new, batch_size=500)

    results = {}
    for total in (10, 1000):
        fill(total)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            elapsed = best_of(5, lambda: client.get(url))
        results[total] = (len(queries.captured_queries) // 5, elapsed)
    (q10, t10), (q1000, t1000) = results[10], results[1000]
    print(
        f"member list page: 10 members {q10} queries {t10 * 1000:.1f} ms; "
        f"1,000 members {q1000} queries {t1000 * 1000:.1f} ms; ratio {t1000 / t10:.2f}x"
    )
    Member.objects.filter(organization=org).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows to import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        bench_import(args.rows)
        bench_list()


if __name__ == "__main__":
    main()
