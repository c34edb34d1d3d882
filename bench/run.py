"""Benchmarks for Branchwork. Run with `make bench`.

Each measurement prints its time and a ratio against a baseline measured in the same run on
the same machine, so the numbers compare across machines:

- member import of N rows (default 10,000): read + validate every row with MemberForm, then
  save in one transaction with history; baseline: the shared reader (core.tabular.read_table)
  reading the same workbook alone; medians of 3 runs (see bench/member_import.py).
- member list page: queries and time for 10 and for 1,000 members on the roll.
- compliance roll-up of 500 branches for a year (about 15,000 meetings); baseline: one
  COUNT over the same meetings.
- dues: ledger generation for 10,000 members x 12 months, and the year summary over them;
  baseline: a plain bulk insert of the same number of rows.
- road condition: a 10,000-unit distress survey (200 routes x 50 km, damage by type and
  severity plus IRI) evaluated without storing, then imported and stored; the network summary
  by route and by county over it (time and queries); baseline: csv reading the same sheet.

Uses a fresh SQLite database in a temporary data directory, or PostgreSQL when DATABASE_URL
names a database whose name ends in "_bench" (it is dropped and created anew).
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


def _fresh_postgres(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit("DATABASE_URL for the benchmark must name a database ending in _bench")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(data_dir: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        _fresh_postgres(url)
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
    """The member roster import against the bare read of the same file (bench/member_import)."""
    from bench.member_import import bench_member_import

    bench_member_import(rows, runs=3)


def bench_list() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from branchwork.accounts.models import User
    from branchwork.members.models import Member
    from branchwork.members.services import _build_member as build_member
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


def bench_rollup(branches: int = 500) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branchwork.meetings.models import Meeting
    from branchwork.meetings.selectors import compliance_rollup
    from branchwork.organizations.models import Organization

    organs = Organization.objects.get(code="tr-organs")
    new = [
        Organization(
            code=f"bench-{i}",
            name=f"支部{i}",
            org_type="branch",
            parent=organs,
            path=f"{organs.path}bench-{i}/",
            depth=organs.depth + 1,
        )
        for i in range(branches)
    ]
    Organization.objects.bulk_create(new, batch_size=500)
    created = Organization.objects.filter(code__startswith="bench-")
    meetings = []
    for org in created:
        for month in range(1, 13):
            if (org.pk + month) % 17:  # an occasional gap
                meetings.append(
                    Meeting(
                        organization=org,
                        kind="party_day",
                        state="held",
                        date=dt.date(2019, month, 15),
                    )
                )
        for month in (2, 5, 8, 11):
            meetings.append(
                Meeting(
                    organization=org,
                    kind="general_meeting",
                    state="held",
                    date=dt.date(2019, month, 20),
                )
            )
            meetings.append(
                Meeting(
                    organization=org, kind="lecture", state="held", date=dt.date(2019, month, 25)
                )
            )
        meetings.append(
            Meeting(organization=org, kind="org_life", state="held", date=dt.date(2019, 12, 20))
        )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    today = dt.date(2020, 1, 10)

    def baseline():
        Meeting.objects.filter(organization__path__startswith=organs.path, date__year=2019).count()

    def rollup():
        compliance_rollup(organs, 2019, today)

    base = best_of(5, baseline)
    with CaptureQueriesContext(connection) as queries:
        compliance_rollup(organs, 2019, today)
    elapsed = best_of(3, rollup)
    print(
        f"compliance roll-up, {branches} branches x 1 year ({len(meetings):,} meetings): "
        f"{elapsed * 1000:.0f} ms, {len(queries.captured_queries)} queries; baseline one "
        f"COUNT {base * 1000:.1f} ms; ratio {elapsed / base:.1f}x "
        f"[{connection.vendor}]"
    )


def bench_dues(members: int = 10_000) -> None:
    from decimal import Decimal

    from django.db import connection

    from branchwork.dues import selectors, services
    from branchwork.dues.models import FeeBasis, MonthlyDue
    from branchwork.members.models import Member
    from branchwork.members.services import _build_member as build_member
    from branchwork.organizations.models import Organization
    from tests.members.helpers import member_data

    org = Organization.objects.get(code="tr-organs")
    branches = list(Organization.objects.filter(code__startswith="bench-")[:50]) or [
        Organization.objects.get(code="tr-transport")
    ]
    new = []
    for i in range(members):
        data = member_data(serial=i % 400 + 1, party_group=None)
        data["name"] = f"党员{i}"
        data["id_number"] = f"D{i:017d}"
        new.append(build_member(branches[i % len(branches)], data))
    Member.objects.bulk_create(new, batch_size=1000)
    created = list(Member.objects.filter(name__startswith="党员"))
    FeeBasis.objects.bulk_create(
        [
            FeeBasis(
                member=m,
                effective_from=dt.date(2019, 1, 1),
                category="employed",
                base=Decimal(4000 + m.pk % 5000),
                monthly_fee=Decimal("40.00"),
                rule="bench",
            )
            for m in created
        ],
        batch_size=1000,
    )
    start = time.perf_counter()
    count = services.ledger_generate(org=org, year=2019, through=dt.date(2019, 12, 1))
    generate = time.perf_counter() - start
    rows = MonthlyDue.objects.filter(month__year=2019, member__name__startswith="党员")
    sample = list(rows.values("member_id", "organization_id", "month", "amount", "basis_id"))
    rows.delete()
    start = time.perf_counter()
    MonthlyDue.objects.bulk_create([MonthlyDue(**r) for r in sample], batch_size=1000)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    total, per_branch = selectors.year_summary(org, 2019, dt.date(2020, 1, 10))
    summary = time.perf_counter() - start
    assert total.reconciles
    print(
        f"dues: generate {count:,} monthly dues ({members:,} members x 12) in {generate:.2f} s; "
        f"baseline bulk insert {baseline:.2f} s; ratio {generate / baseline:.1f}x; "
        f"year summary over {len(per_branch)} branches {summary * 1000:.0f} ms "
        f"[{connection.vendor}]"
    )


def bench_survey(units: int = 10_000) -> None:
    import csv
    import io
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branchwork.accounts.models import User
    from branchwork.core.audit import system_actor
    from branchwork.maintenance import selectors, services
    from branchwork.maintenance.imports import read_survey_data, template_columns
    from branchwork.maintenance.rules import format_stake
    from branchwork.organizations.models import Organization
    from branchwork.roads.models import Division

    org = Organization.objects.get(code="tr-highway")
    user = User.objects.get(username="engineer")
    counties = list(Division.objects.filter(level="county").order_by("code"))
    per_route = 50
    routes = []
    for n in range(units // per_route):
        county = counties[n % len(counties)]
        routes.append(
            services.route_save(
                actor=system_actor("bench: survey"),
                organization=org,
                data={
                    "code": f"C{n % 1000:03d}{county.code}",
                    "name": f"bench {n}",
                    "technical_grade": "class4",
                    "pavement": "asphalt",
                    "county": county,
                    "start_stake": "K0+000",
                    "end_stake": f"K{per_route}+000",
                    "width_m": 6,
                    "unit_length_m": 1000,
                },
            )
        )
    columns = template_columns()
    rng = random.Random(1)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for route in routes:
        for start, end in route.units():
            writer.writerow(
                {
                    "route_code": route.code,
                    "from_stake": format_stake(start),
                    "to_stake": format_stake(end),
                    "pavement": "asphalt",
                    "road_class": "class4",
                    "width_m": 6,
                    "iri": round(rng.uniform(2, 8), 2),
                    "alligator_light": round(rng.uniform(0, 80), 1),
                    "alligator_heavy": round(rng.uniform(0, 20), 1),
                    "longitudinal_light": round(rng.uniform(0, 120), 1),
                    "transverse_heavy": round(rng.uniform(0, 40), 1),
                    "pothole_light": round(rng.uniform(0, 6), 1),
                    "patching": round(rng.uniform(0, 30), 1),
                }
            )
    data = out.getvalue().encode()
    start = time.perf_counter()
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    baseline = time.perf_counter() - start
    assert len(rows) == units
    start = time.perf_counter()
    sheet = read_survey_data("bench.csv", data)
    evaluate = time.perf_counter() - start
    assert not sheet.errors and len(sheet.rows) == units
    start = time.perf_counter()
    survey = services.survey_import(
        actor=system_actor("bench: survey"),
        user=user,
        organization=org,
        year=2021,
        surveyed_on=dt.date(2021, 10, 1),
        name="bench.csv",
        data=data,
    )
    stored = time.perf_counter() - start
    assert survey.units.count() == units
    timings = {}
    for by in ("route", "county"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            summary = selectors.network_summary(user=user, by=by, year=2021)
            timings[by] = (time.perf_counter() - start, len(queries.captured_queries), len(summary))
    print(
        f"road condition: {units:,} units evaluated in {evaluate:.2f} s "
        f"(csv read alone {baseline:.3f} s, ratio {evaluate / baseline:.0f}x); "
        f"imported and stored in {stored:.2f} s; network summary by route "
        f"{timings['route'][0] * 1000:.0f} ms, {timings['route'][1]} queries, "
        f"{timings['route'][2]} rows; by county {timings['county'][0] * 1000:.0f} ms, "
        f"{timings['county'][1]} queries [{connection.vendor}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows to import")
    benches = {
        "import": lambda: bench_import(args.rows),
        "list": bench_list,
        "rollup": bench_rollup,
        "dues": bench_dues,
        "survey": bench_survey,
    }
    parser.add_argument("--only", choices=sorted(benches), action="append", help="run only this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        for name, bench in benches.items():
            if not args.only or name in args.only:
                bench()


if __name__ == "__main__":
    main()
