"""Benchmark of the public news pages: requests per second on the demo article's public page
served from the page cache, against a bare view measured in the same run.

- bare view: /healthz (returns "ok" with no template and no query) through the same
  middleware stack: the most a request can cost less;
- article, cache hit: the public article page as every reader after the first gets it
  (database queries counted: the goal is none);
- article, cache miss: the same page with its cache dropped before each request (what the
  first reader after a publish or withdrawal pays);
- RSS feed, cache hit.

Each figure is the best of three rounds of N requests (default 2,000) through Django's test
client in one process, so the ratios compare across machines. Run with
`python bench/publicity.py` (a fresh SQLite database with the demo in a temporary directory,
or a temporary PostgreSQL database as bench/tempdb.py describes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup  # noqa: E402
from bench.tempdb import temporary_database  # noqa: E402


def requests_per_second(client, url: str, count: int, before=None) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(count):
            if before is not None:
                before()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        best = min(best, time.perf_counter() - start)
    return count / best


def bench_public(count: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from branchwork.publicity.cache import invalidate, page_cache
    from branchwork.publicity.models import Item

    item = Item.objects.get(organization__code="tr-highway", title__startswith="以支部建设")
    article = f"/publicity/public/tr-highway/{item.pk}/"
    feed = "/publicity/public/tr-highway/feed.rss"
    client = Client()
    page_cache().clear()

    bare = requests_per_second(client, "/healthz", count)
    client.get(article)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article)["X-Page-Cache"] == "hit"
    hit_queries = len(queries.captured_queries)
    hit = requests_per_second(client, article, count)
    with CaptureQueriesContext(connection) as queries:
        invalidate("tr-highway")
        assert client.get(article)["X-Page-Cache"] == "miss"
    miss_queries = len(queries.captured_queries)
    miss = requests_per_second(
        client, article, max(count // 10, 50), before=lambda: invalidate("tr-highway")
    )
    client.get(feed)
    feed_hit = requests_per_second(client, feed, count)

    print(f"public pages ({page_cache().__class__.__name__}), best of 3 x {count:,} requests:")
    print(f"  bare view (/healthz):   {bare:8,.0f} req/s  (baseline 1.00)")
    print(
        f"  article, cache hit:     {hit:8,.0f} req/s  ratio {hit / bare:.2f} of the bare view; "
        f"{hit_queries} queries"
    )
    print(
        f"  article, cache miss:    {miss:8,.0f} req/s  ratio {miss / bare:.2f}; "
        f"{miss_queries} queries; a hit is {hit / miss:.1f}x a miss"
    )
    print(f"  RSS feed, cache hit:    {feed_hit:8,.0f} req/s  ratio {feed_hit / bare:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2_000, help="requests per round")
    args = parser.parse_args()
    with temporary_database() as data_dir:
        setup(data_dir)
        bench_public(args.requests)


if __name__ == "__main__":
    main()
