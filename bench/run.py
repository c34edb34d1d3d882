"""Benchmarks for Branchwork. Run with `make bench` (or `python bench/run.py --help`).

Every run builds its own data in a temporary data directory and database (bench/tempdb.py):
a new SQLite file, or, when DATABASE_URL names a PostgreSQL server, a new temporary database
on it that is dropped at the end. The database of `make run` is never opened, and the
benchmarks can run twice in a row.

Every figure is the median of several runs and is printed as a ratio against a baseline
measured in the same run on the same data, with the dataset's size, so the numbers compare
across machines:

- member import of N rows: read + validate every row with MemberForm, then save in one
  transaction with history; baseline: the shared reader (core.tabular.read_table) reading the
  same workbook alone (bench/member_import.py, which also runs on its own).
- member list page: time and queries for 10 and for 1,000 members on the roll; baseline: the
  page with 10 members.
- compliance roll-up of the branches of a subtree for a year (the inspector's view); baseline:
  the hand-written SQL aggregate in bench/sql/compliance_rollup.sql over the same tables.
- dues: ledger generation for M members x 12 months (baseline: a plain bulk insert of the same
  rows) and the year summary over them with payments, reversals, remittances and voluntary
  payments (baseline: the hand-written SQL in bench/sql/dues_year_summary.sql, whose figures
  must equal the selector's).
- road condition: a distress survey evaluated without storing, then imported and stored; the
  network summary by route and by county over it; baseline: csv reading the same sheet.

`--scale small` (the default, a few minutes on two cores) or `--scale large` (a city: 500
branches, 15,000 members; also BENCH_SCALE=large) sets the sizes; `--runs` the number of runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.tempdb import describe, temporary_database  # noqa: E402

SCALES: dict[str, dict[str, int]] = {
    # A few minutes on two cores.
    "small": {"rows": 1_000, "branches": 200, "members": 2_000, "units": 2_000},
    # A city (issue 18): 500 branches, 15,000 members.
    "large": {"rows": 20_000, "branches": 500, "members": 15_000, "units": 10_000},
}
RUNS = 5  # runs per figure; the median is reported


def setup(data_dir: str, demo: bool = True) -> None:
    """Migrate the temporary database ``temporary_database`` made (``data_dir`` is its data
    directory) and load the demo into it."""
    assert os.environ["BRANCHWORK_DATA_DIR"] == data_dir, "call inside temporary_database()"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branchwork.config.settings")
    # As in production: DEBUG would log every query in memory, which costs time of its own.
    os.environ["DEBUG"] = "false"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if demo:
        call_command("demo", "--quiet-logins", stdout=open(os.devnull, "w"))  # noqa: SIM115


def timings(runs: int, func: Callable[[], Any]) -> list[float]:
    """Seconds each of ``runs`` calls of ``func`` took."""
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        taken.append(time.perf_counter() - start)
    return taken


def median_of(runs: int, func: Callable[[], Any]) -> float:
    """The median time of ``runs`` calls of ``func``, in seconds."""
    return statistics.median(timings(runs, func))


# The older name, kept for the other benchmark scripts: now the median, not the best.
best_of = median_of


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def report(name: str, size: str, took: float, base_name: str, base: float, runs: int) -> None:
    """One figure: what was measured, on how much data, its median time, the baseline's, and
    the ratio between them."""
    print(
        f"{name} [{size}]: {ms(took)} vs {base_name} {ms(base)}; "
        f"ratio {took / base:.1f}x (median of {runs})"
    )


def sql_file(name: str) -> list[str]:
    """The statements of bench/sql/<name>.sql for this database (comments dropped; ``{month}``
    becomes the dialect's month number of ``date``)."""
    from django.db import connection

    month = (
        "CAST(strftime('%%m', date) AS INTEGER)"
        if connection.vendor == "sqlite"
        else "EXTRACT(MONTH FROM date)::int"
    )
    text = (ROOT / "bench" / "sql" / f"{name}.sql").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip().replace("{month}", month) for s in "\n".join(lines).split(";") if s.strip()]


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (as the synth command and the
    imports are to do, issue 18): without it PostgreSQL plans the roll-ups for empty tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_sql(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall())


def bench_import(rows: int, runs: int, memory: bool) -> None:
    """The member roster import against the bare read of the same file (bench/member_import);
    it measures peak memory itself."""
    from bench.member_import import bench_member_import

    bench_member_import(rows, runs=max(1, min(runs, 3)))


def bench_list(runs: int) -> None:
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
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            elapsed = median_of(runs, lambda: client.get(url))
        results[total] = (len(queries.captured_queries) // runs, elapsed)
    (q10, t10), (q1000, t1000) = results[10], results[1000]
    report("member list page", "1,000 members", t1000, "the same page with 10", t10, runs)
    print(f"  (queries: {q1000} with 1,000 members, {q10} with 10)")
    Member.objects.filter(organization=org).delete()


def make_branches(count: int) -> list[Any]:
    """``count`` branches under the municipal organs work committee (the inspector's subtree),
    each with a year of meetings (2019): party days with an occasional gap, quarterly general
    meetings (one of them a party day that also counts as the general meeting) and lectures,
    the year-end organizational life meeting, a planned party day and two talks."""
    from branchwork.meetings.models import Meeting
    from branchwork.organizations.models import Organization

    organs = Organization.objects.get(code="tr-organs")
    Organization.objects.bulk_create(
        [
            Organization(
                code=f"bench-{i}",
                name=f"支部{i}",
                org_type="branch",
                parent=organs,
                path=f"{organs.path}bench-{i}/",
                depth=organs.depth + 1,
                founded_on=dt.date(2000, 1, 1),
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    created = list(Organization.objects.filter(code__startswith="bench-").order_by("pk"))
    meetings = []

    def held(org, kind, date, **extra):
        meetings.append(Meeting(organization=org, kind=kind, state="held", date=date, **extra))

    for org in created:
        for month in range(1, 13):
            if (org.pk + month) % 17:  # an occasional gap
                held(org, "party_day", dt.date(2019, month, 15))
        for month in (2, 5, 8, 11):
            if month == 5:
                held(org, "party_day", dt.date(2019, 5, 20), also_counts_as="general_meeting")
            else:
                held(org, "general_meeting", dt.date(2019, month, 20))
            held(org, "lecture", dt.date(2019, month, 25))
        held(org, "org_life", dt.date(2019, 12, 20))
        held(org, "talk", dt.date(2019, 3, 3), talk_pair="secretary_member")
        held(org, "talk", dt.date(2019, 4, 3), talk_pair="members")
        meetings.append(
            Meeting(organization=org, kind="party_day", state="planned", date=dt.date(2019, 12, 28))
        )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    analyze()
    return created


def bench_rollup(branches: list[Any], runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from branchwork.meetings.models import Meeting
    from branchwork.meetings.selectors import compliance_rollup
    from branchwork.organizations.models import Organization

    organs = Organization.objects.get(code="tr-organs")
    inspector = get_user_model().objects.get(username="inspector")
    today = dt.date(2019, 10, 10)  # some periods ended, some open
    (statement,) = sql_file("compliance_rollup")
    params = [dt.date(2019, 1, 1), dt.date(2019, 12, 31)] * 2 + [f"{organs.path}%"]

    def baseline():
        return run_sql(statement, params)

    def rollup():
        return compliance_rollup(user=inspector, organization=organs, year=2019, today=today)

    rows = baseline()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        verdicts = rollup()
    base = median_of(runs, baseline)
    took = median_of(runs, rollup)
    meetings = Meeting.objects.in_subtree(organs).filter(date__year=2019).count()
    size = f"{len(verdicts)} organizations, {meetings:,} meetings in 2019, {connection.vendor}"
    report("compliance roll-up", size, took, "SQL aggregate", base, runs)
    print(f"  ({len(queries.captured_queries)} queries; the SQL returns {len(rows):,} rows)")


def bench_dues(branches: list[Any], members: int, runs: int) -> None:
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection

    from branchwork.core.audit import system_actor
    from branchwork.dues import selectors, services
    from branchwork.dues.models import (
        FeeBasis,
        MonthlyDue,
        PaidMonth,
        Payment,
        Remittance,
        Reversal,
        VoluntaryPayment,
    )
    from branchwork.members.models import Member
    from branchwork.members.services import _build_member as build_member
    from branchwork.organizations.models import Organization
    from tests.members.helpers import member_data

    org = Organization.objects.get(code="tr-organs")
    inspector = get_user_model().objects.get(username="inspector")
    new = []
    for i in range(members):
        data = member_data(serial=i % 400 + 1, party_group=None)
        data["name"] = f"党员{i}"
        data["id_number"] = f"D{i:017d}"
        data["admitted_on"] = dt.date(2010, 1, 1)
        new.append(build_member(branches[i % len(branches)], data))
    Member.objects.bulk_create(new, batch_size=1000)
    created = list(Member.objects.filter(name__startswith="党员").order_by("pk"))
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
    count = services.ledger_generate(
        actor=system_actor("bench"), organization=org, year=2019, through=dt.date(2019, 12, 1)
    )
    generate = time.perf_counter() - start
    rows = MonthlyDue.objects.filter(month__year=2019, member__name__startswith="党员")
    sample = list(rows.values("member_id", "organization_id", "month", "amount", "basis_id"))
    rows.delete()
    start = time.perf_counter()
    MonthlyDue.objects.bulk_create([MonthlyDue(**r) for r in sample], batch_size=1000)
    baseline = time.perf_counter() - start
    report(
        "dues ledger generation",
        f"{count:,} monthly dues, {members:,} members x 12",
        generate,
        "plain bulk insert",
        baseline,
        1,
    )

    # Payments: most members paid January up to a month between June and December (so some
    # are in arrears); every 50th member's payment was reversed; one remittance per branch
    # and a voluntary payment from every 20th member.
    Payment.objects.bulk_create(
        [
            Payment(
                member=m,
                organization=m.organization,
                paid_on=dt.date(2019, 6, 30),
                first_month=dt.date(2019, 1, 1),
                last_month=dt.date(2019, 6 + m.pk % 7, 1),
                amount=Decimal(40 * (6 + m.pk % 7)),
                method="cash",
                receipt_number=f"B{m.pk}",
            )
            for m in created
        ],
        batch_size=1000,
    )
    payments = list(Payment.objects.filter(receipt_number__startswith="B").order_by("pk"))
    Reversal.objects.bulk_create(
        [Reversal(payment=p, reason="bench") for p in payments if p.member_id % 50 == 0]
    )
    reversal_of = dict(Reversal.objects.filter(reason="bench").values_list("payment_id", "pk"))
    PaidMonth.objects.bulk_create(
        [
            PaidMonth(
                payment=p,
                member_id=p.member_id,
                month=dt.date(2019, month, 1),
                amount=Decimal("40.00"),
                reversed_by_id=reversal_of.get(p.pk),
            )
            for p in payments
            for month in range(1, p.last_month.month + 1)
        ],
        batch_size=2000,
    )
    Remittance.objects.bulk_create(
        [
            Remittance(
                organization=b,
                paid_on=dt.date(2019, 7, 5),
                amount=Decimal("1000.00"),
                to_name="市直机关工委",
                reference=f"R{b.pk}",
            )
            for b in branches
        ]
    )
    VoluntaryPayment.objects.bulk_create(
        [
            VoluntaryPayment(
                member=m,
                organization=m.organization,
                paid_on=dt.date(2019, 7, 1),
                amount=Decimal("100.00"),
                receipt_number=f"V{m.pk}",
                remit_to_centre=m.pk % 40 == 0,
            )
            for m in created
            if m.pk % 20 == 0
        ]
    )
    analyze()
    today = dt.date(2019, 10, 10)
    current = dt.date(2019, 10, 1)
    first, last = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    prefix = f"{org.path}%"
    dues_sql, remitted_sql, voluntary_sql = sql_file("dues_year_summary")

    def baseline_sql():
        return (
            run_sql(dues_sql, [current, current, first, last, first, last, prefix]),
            run_sql(remitted_sql, [first, last, prefix]),
            run_sql(voluntary_sql, [first, last, prefix]),
        )

    def summary():
        return selectors.year_summary(user=inspector, organization=org, year=2019, today=today)

    # The baseline must compute the same figures as the selector.
    total, per_branch = summary()
    assert total.reconciles
    dues_rows, remitted_rows, voluntary_rows = baseline_sql()
    by_org = {s.org.pk: s for s in per_branch}

    def yuan(value: Any) -> Decimal:
        return Decimal(str(value or 0)).quantize(Decimal("0.01"))

    for org_id, due, collected, reversed_, arrears, not_yet_due, owing in dues_rows:
        entry = by_org[org_id]
        got = (entry.due, entry.collected, entry.reversed, entry.arrears, entry.not_yet_due)
        want = tuple(yuan(v) for v in (due, collected, reversed_, arrears, not_yet_due))
        assert got == want and entry.members == owing, (entry.org, got, want)
    for org_id, remitted in remitted_rows:
        assert by_org[org_id].remitted == yuan(remitted)
    for org_id, voluntary, to_centre in voluntary_rows:
        assert (by_org[org_id].voluntary, by_org[org_id].voluntary_to_centre) == (
            yuan(voluntary),
            yuan(to_centre),
        )
    base = median_of(runs, baseline_sql)
    took = median_of(runs, summary)
    paid = PaidMonth.objects.filter(month__year=2019).count()
    size = (
        f"{len(per_branch)} branches, {count:,} monthly dues, {paid:,} paid months, "
        f"{connection.vendor}"
    )
    report("dues year summary", size, took, "SQL aggregate", base, runs)


def bench_survey(units: int, runs: int) -> None:
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

    def read_csv():
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        assert len(rows) == units

    def evaluate():
        sheet = read_survey_data("bench.csv", data)
        assert not sheet.errors and len(sheet.rows) == units

    baseline = median_of(runs, read_csv)
    evaluated = median_of(max(1, min(runs, 3)), evaluate)
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
    size = f"{units:,} units on {len(routes)} routes, {connection.vendor}"
    report("road survey, evaluate", size, evaluated, "csv read", baseline, max(1, min(runs, 3)))
    report("road survey, evaluate and store", size, stored, "csv read", baseline, 1)
    for by in ("route", "county"):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            summary = selectors.network_summary(user=user, by=by, year=2021)
        took = median_of(runs, lambda by=by: selectors.network_summary(user=user, by=by, year=2021))
        print(
            f"road network summary by {by} [{size}]: {ms(took)}, "
            f"{len(queries.captured_queries)} queries, {len(summary)} rows (median of {runs}; "
            f"no baseline yet)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default=os.environ.get("BENCH_SCALE", "small"),
        help="dataset size (default small, or BENCH_SCALE)",
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per figure (median)")
    parser.add_argument("--rows", type=int, help="rows to import (default: from --scale)")
    names = ["import", "list", "rollup", "dues", "survey"]
    parser.add_argument("--only", choices=names, action="append", help="run only this")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # each figure at once
    sizes = {**SCALES[args.scale], **({"rows": args.rows} if args.rows else {})}
    runs = args.runs
    started = time.perf_counter()
    with temporary_database() as data_dir:
        setup(data_dir)
        print(f"Branchwork benchmarks, scale {args.scale}, in a {describe()}")
        only = set(args.only or names)
        if "import" in only:
            bench_import(sizes["rows"], runs, memory=args.scale == "large")
        if "list" in only:
            bench_list(runs)
        if only & {"rollup", "dues"}:
            branches = make_branches(sizes["branches"])
            if "rollup" in only:
                bench_rollup(branches, runs)
            if "dues" in only:
                bench_dues(branches, sizes["members"], runs)
        if "survey" in only:
            bench_survey(sizes["units"], runs)
    print(f"done in {time.perf_counter() - started:.0f} s; the temporary database is removed")


if __name__ == "__main__":
    main()
