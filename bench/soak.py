"""Soak test (issue 13 §6): gunicorn with 2 workers on PostgreSQL, N loopback clients for a
bounded time, a mix of reads and writes as several personas.

Prints, per minute: requests, errors (must be 0), p50 and p95 latency, and the resident memory
of each gunicorn worker (should stay flat); at the end the totals and the ratio of the p95 to
a bare view (/healthz) measured in the same run by one client before the load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/soak.py --minutes 10 --clients 20

DATABASE_URL names the server: the soak creates a temporary database on it, loads the demo
into it and drops it at the end (bench/tempdb.py); the database it names is never opened.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "branchwork-demo"
PERSONAS = ["secretary", "member", "inspector", "engineer", "leader", "organizer"]
READS = {
    "secretary": [
        "/",
        "/members/",
        "/meetings/",
        "/dues/",
        "/meetings/compliance/",
        "/api/members",
    ],
    "member": ["/", "/members/me/", "/dues/me/", "/meetings/", "/api/me"],
    "inspector": ["/", "/meetings/compliance/", "/dues/", "/orgs/", "/api/organizations"],
    "engineer": [
        "/",
        "/roads/",
        "/maintenance/",
        "/maintenance/work-orders/",
        "/api/roads/projects",
    ],
    "leader": ["/", "/roads/", "/orgs/tr-highway/"],
    "organizer": ["/", "/dues/arrears/", "/members/", "/dues/payments/"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One signed-in browser: a cookie jar and the CSRF token."""

    def __init__(self, base: str, username: str) -> None:
        self.base, self.username = base, username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(f"{base}/accounts/login/", body, {"Referer": base})
        self.opener.open(request).read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> int:
        with self.opener.open(f"{self.base}{path}", timeout=60) as response:
            response.read()
            return response.status

    def patch(self, path: str, data: dict) -> int:
        request = urllib.request.Request(
            f"{self.base}{path}",
            json.dumps(data).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": self.csrf(), "Referer": self.base},
            method="PATCH",
        )
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status


def worker_rss(master_pid: int) -> list[int]:
    """Resident memory (KiB) of each gunicorn worker, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    pids = children.read_text().split() if children.exists() else []
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+)", status.read_text())
            if match:
                sizes.append(int(match.group(1)))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--writes", type=float, default=0.1, help="share of requests that write")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("The soak runs on PostgreSQL: set DATABASE_URL=postgres://…/postgres")
    from bench.tempdb import temporary_database

    with temporary_database(prefix="bw-soak-"):
        soak(args, {**os.environ, "DEBUG": "false"})


def soak(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Serve the demo from the temporary database with gunicorn and load it for the time
    ``args`` asks."""
    bw = [sys.executable, "-m", "branchwork"]
    subprocess.run([*bw, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*bw, "demo", "--quiet-logins"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*bw, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "branchwork.config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        # Baseline: a bare view, one client, no load.
        probe = Client(base, "member")
        bare = []
        for _ in range(50):
            start = time.perf_counter()
            probe.get("/healthz")
            bare.append(time.perf_counter() - start)
        bare_p50 = statistics.median(bare)

        deadline = time.monotonic() + args.minutes * 60
        lock = threading.Lock()
        samples: list[tuple[float, float, bool]] = []  # (when, seconds, ok)
        errors: list[str] = []

        def run(index: int) -> None:
            persona = PERSONAS[index % len(PERSONAS)]
            rng = random.Random(index)
            client = Client(base, persona)
            while time.monotonic() < deadline:
                write = persona == "secretary" and rng.random() < args.writes * len(PERSONAS)
                path = rng.choice(READS[persona])
                start = time.perf_counter()
                ok = True
                try:
                    if write:
                        client.patch(
                            "/api/organizations/tr-highway", {"notes": f"soak {rng.random()}"}
                        )
                    else:
                        client.get(path)
                except (urllib.error.URLError, OSError) as exc:
                    ok = False
                    with lock:
                        errors.append(f"{persona} {'PATCH' if write else path}: {exc}")
                with lock:
                    samples.append((time.monotonic(), time.perf_counter() - start, ok))

        began = time.monotonic()
        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        minute = 0
        print(f"bare view (/healthz), one client: p50 {bare_p50 * 1000:.1f} ms")
        print("minute  requests  errors   p50 ms   p95 ms  p95/bare  worker RSS MiB")
        while any(t.is_alive() for t in threads):
            time.sleep(min(60, max(0.5, deadline - time.monotonic())))
            with lock:
                window = [
                    s for s in samples if began + minute * 60 <= s[0] < began + (minute + 1) * 60
                ]
            if window:
                times = sorted(s[1] for s in window)
                p95 = times[int(len(times) * 0.95) - 1] if len(times) > 1 else times[0]
                rss = " ".join(f"{k / 1024:.0f}" for k in worker_rss(server.pid))
                print(
                    f"{minute + 1:>6}  {len(window):>8}  {sum(1 for s in window if not s[2]):>6}"
                    f"  {statistics.median(times) * 1000:>7.0f}  {p95 * 1000:>7.0f}"
                    f"  {p95 / bare_p50:>7.0f}x  {rss}"
                )
            minute += 1
        for t in threads:
            t.join()
        times = sorted(s[1] for s in samples)
        print(
            f"total: {len(samples)} requests, {len(errors)} errors, "
            f"p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms"
        )
        for line in errors[:20]:
            print("error:", line)
        if errors:
            raise SystemExit(1)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
