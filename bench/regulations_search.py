"""Benchmark of the rules library's search (issue 15): 1,000 rules of about 600 Chinese
characters each, searched by title and text the way the library page searches
(``selectors.search`` through ``RegulationFilter``, first page of 50 with its prefetches).

Each query prints its time and a ratio against a baseline measured in the same run on the same
machine: reading every rule's search text and matching in Python (what an application without
a database search would do). On PostgreSQL it also prints the plan (the trigram index
``regulation_search_trgm_idx`` or a sequential scan) and the same query with index scans turned
off, so the index's share shows.

    PYTHONPATH=src python bench/regulations_search.py            # SQLite in a temporary dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres PYTHONPATH=src \
        python bench/regulations_search.py                       # a temporary PostgreSQL database
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import best_of  # noqa: E402
from bench.run import setup as setup_database  # noqa: E402
from bench.tempdb import temporary_database  # noqa: E402

PHRASES = [
    "党支部",
    "党员大会",
    "支部委员会",
    "党小组",
    "组织生活",
    "民主评议",
    "谈心谈话",
    "党费",
    "收缴",
    "使用管理",
    "发展党员",
    "入党积极分子",
    "预备党员",
    "转正",
    "组织关系",
    "转接",
    "请示报告",
    "换届选举",
    "主题党日",
    "集中学习",
    "党课",
    "公开承诺",
    "积分管理",
    "档案",
    "财务",
    "公务接待",
    "安全生产",
    "考勤",
    "请休假",
    "会议纪要",
    "集体研究",
    "监督检查",
    "按月",
    "每季度",
    "每年",
    "不少于",
    "及时",
    "严格执行",
    "建立台账",
    "公示",
    "审批",
    "上级党组织",
    "机关工委",
    "公路养护",
    "农村公路",
    "组组通",
    "路面",
    "桥梁",
    "隧道",
]
# (query, what it shows): a common two-character word, a common four-character phrase, a rare
# phrase (in about 1 % of the rules), a title word, a word in no rule, two words together.
QUERIES = [
    ("党费", "common, 2 characters"),
    ("党员大会", "common, 4 characters"),
    ("公车私用", "rare, 4 characters"),
    ("制度（第7", "title"),
    ("不存在的词语", "no hit"),
    ("党课 桥梁", "two words"),
]


def setup(data_dir: str) -> None:
    setup_database(data_dir, demo=False)


def _text(rng: random.Random, n: int) -> str:
    lines = []
    for article in range(1, 11):
        words = rng.choices(PHRASES, k=14)
        lines.append(f"第{article}条 " + "，".join(words) + "。")
    if n % 100 == 7:
        lines.append("第十一条 公务用车统一调度，严禁公车私用。")
    return "\n".join(lines)


def make_rules(count: int) -> tuple[object, float]:
    from branchwork.core.audit import system_actor
    from branchwork.organizations.services import organization_create
    from branchwork.regulations import services

    actor = system_actor("bench")
    root = organization_create(
        actor=actor, parent=None, code="bench-root", name="基准测试工委", org_type="committee"
    )
    org = organization_create(
        actor=actor, parent=root, code="bench-branch", name="基准测试支部", org_type="branch"
    )
    rng = random.Random(15)
    start = time.perf_counter()
    for n in range(count):
        services.regulation_create(
            actor=actor,
            organization=org,
            data={
                "title": f"{rng.choice(PHRASES)}制度（第{n}号）",
                "category": "party_building" if n % 3 else "unit_management",
            },
            body=_text(rng, n),
        )
    return org, time.perf_counter() - start


def bench_search(count: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from branchwork.core.audit import system_actor
    from branchwork.regulations import selectors
    from branchwork.regulations.filters import RegulationFilter
    from branchwork.regulations.models import Regulation

    org, created = make_rules(count)
    chars = sum(len(t) for t in Regulation.objects.values_list("search_text", flat=True))
    print(
        f"rules library: {count:,} rules ({chars / count:.0f} characters each) created through "
        f"the service in {created:.1f} s [{connection.vendor}]"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE regulations_regulation")
    user = system_actor("bench")

    def page(query: str) -> list:
        filterset = RegulationFilter(
            {"q": query}, queryset=selectors.regulation_list(user=user, organization=org)
        )
        return list(filterset.qs[:50])

    def baseline(query: str) -> list:
        words = query.lower().split()
        rows = Regulation.objects.values_list("pk", "search_text")
        return [pk for pk, text in rows if all(w in text for w in words)]

    for query, what in QUERIES:
        runs = 5
        base = best_of(runs, lambda q=query: baseline(q))
        took = best_of(runs, lambda q=query: page(q))
        connection.queries_log.clear()  # creating the rules filled the log past its limit
        with CaptureQueriesContext(connection) as queries:
            found = page(query)
        hits = len(baseline(query))
        line = (
            f"  search {query!r} ({what}): {hits} hits, first page {len(found)} rules in "
            f"{took * 1000:.1f} ms, {len(queries.captured_queries)} queries; baseline "
            f"(read all, match in Python) {base * 1000:.1f} ms; ratio {took / base:.2f}x"
        )
        if connection.vendor == "postgresql":
            qs = selectors.search(Regulation.objects.all(), query)
            plan = qs.explain()
            used = "trigram index" if "regulation_search_trgm_idx" in plan else "sequential scan"
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_indexscan = off")
                no_index = best_of(runs, lambda q=query: page(q))
            line += f"; plan: {used}; without index {no_index * 1000:.1f} ms"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=1_000, help="rules to create")
    args = parser.parse_args()
    with temporary_database() as data_dir:
        setup(data_dir)
        bench_search(args.rules)


if __name__ == "__main__":
    main()
