"""Benchmark: the statistics dashboard (GET /statistics) and API (GET /api/v1/statistics) on
PostgreSQL with 100,000 applications and 1,000,000 task rows; target p95 ≤ 300 ms.

    PYTHONPATH=. .venv/bin/python bench/statistics_queries.py [--applications A] [--tasks-per-case T]
        [--requests R] [--database-url URL] [--workers W] [--port P]

1. Without --database-url a throwaway PostgreSQL cluster is started on 127.0.0.1 (the tests'
   tests/support/postgres_server.py; Debian's postgresql package). It is migrated and seeded and
   gets the demo accounts by the real CLI (`flask db upgrade`, `flask seed`, the demo accounts).
2. 5,000 enterprises across Xinjiang's prefectures, sizes and industries, A applications spread
   over 2025 and 2026 (programs, statuses, amounts) and T task rows per application (acceptance,
   two reviews, decision with its approved amount, disbursement with the amount paid, ...) are
   bulk-inserted with INSERT ... SELECT generate_series, then VACUUM ANALYZE; then the roll-up
   tables the dashboard reads are built by `flask statistics refresh`, as the worker would after
   any change, and the time that takes is printed.
3. gunicorn serves it on 127.0.0.1; the bench signs in as `admin` through /login and asks for an
   API token, times R sequential GETs of each query below (one warm-up request not counted) for
   the page and for the API, and prints p50/p95/max.

Every request goes to 127.0.0.1; it stops by itself.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from harness.measure import percentile
from harness.server import REPO, Gunicorn, app_env, free_port

PASSWORD = "demo12345"
WARM_UP = 1
QUERIES = [
    ("every year, every program", ""),
    ("year 2026", "?year=2026"),
    ("year 2026 + program", "?year=2026&program=sme-18-1"),
    ("prefecture (喀什地区)", "?region=%E5%96%80%E4%BB%80%E5%9C%B0%E5%8C%BA"),
    ("department (科技厅)", "?department=KJT"),
]
FILL_SQL = Path(__file__).with_name("statistics_fill.sql")


def prepare(env: dict) -> None:
    import subprocess

    seed_accounts = "from webapp import create_app; from webapp.demo.accounts import seed_demo_accounts\n" + (
        "app = create_app()\nwith app.app_context(): seed_demo_accounts(False)"
    )
    for cmd in (["-m", "flask", "db", "upgrade"], ["-m", "flask", "seed"], ["-c", seed_accounts]):
        proc = subprocess.run([sys.executable, *cmd], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


def fill(database_url: str, applications: int, tasks_per_case: int) -> None:
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        script = FILL_SQL.read_text().replace(":applications", str(applications))
        script = script.replace(":tasks_per_case", str(tasks_per_case))
        for statement in filter(str.strip, script.split(";\n")):
            conn.execute(statement)
        conn.execute("VACUUM ANALYZE")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM applications), (SELECT count(*) FROM human_tasks),"
            " (SELECT count(*) FROM ledger_entries)"
        ).fetchone()
    print(f"applications: {counts[0]:,}; task rows: {counts[1]:,}; ledger entries: {counts[2]:,}", flush=True)


def refresh(env: dict) -> None:
    """Build the roll-up tables as the worker would after a change (`flask statistics refresh`)."""
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "flask", "statistics", "refresh"], cwd=REPO, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"flask statistics refresh failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    print(proc.stdout.strip(), flush=True)


class Client:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def log_in(self, username: str) -> None:
        page = self.opener.open(f"{self.base}/login", timeout=60).read().decode()
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": csrf, "username": username, "password": PASSWORD}).encode()
        self.opener.open(f"{self.base}/login", data=form, timeout=60)
        body = json.dumps({"username": username, "password": PASSWORD}).encode()
        request = urllib.request.Request(
            f"{self.base}/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"}
        )
        self.token = json.loads(self.opener.open(request, timeout=60).read())["token"]

    def get(self, path: str, api: bool) -> tuple[float, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if api else {}
        started = time.perf_counter()
        with self.opener.open(urllib.request.Request(f"{self.base}{path}", headers=headers), timeout=300) as r:
            body = r.read().decode()
        return time.perf_counter() - started, body


def measure(client: Client, requests: int) -> list[tuple[str, list[float], int]]:
    results = []
    for api, prefix in ((False, "/statistics"), (True, "/api/v1/statistics")):
        for label, query in QUERIES:
            samples, total = [], 0
            for n in range(requests + WARM_UP):
                seconds, body = client.get(f"{prefix}{query}", api)
                if n >= WARM_UP:
                    samples.append(seconds)
            if api:
                total = json.loads(body)["total"]["applications"]
            else:
                total = int(re.search(r'data-figure="applications"><a [^>]*>(\d+)<', body).group(1))
            results.append((f"GET {prefix} {label}", samples, total))
    return results


def report(results) -> None:
    print(f"  {'request':<58}{'cases':>9}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for label, samples, total in results:
        print(
            f"  {label:<58}{total:>9}{percentile(samples, 50) * 1000:>10.1f}"
            f"{percentile(samples, 95) * 1000:>10.1f}{max(samples) * 1000:>10.1f}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", "-a", type=int, default=100_000, help="applications (100000)")
    parser.add_argument("--tasks-per-case", "-t", type=int, default=10, help="task rows per application (10)")
    parser.add_argument("--requests", "-r", type=int, default=20, help="timed GETs per query (20)")
    parser.add_argument("--workers", "-w", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument("--port", "-p", type=int, default=0, help="port on 127.0.0.1 (a free one)")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (default: a throwaway cluster)")
    args = parser.parse_args(argv)
    server_pg = None
    if not args.database_url:
        sys.path.insert(0, str(REPO))
        from tests.support.postgres_server import ThrowawayPostgres

        server_pg = ThrowawayPostgres()
        args.database_url = server_pg.start()
    try:
        run(args)
    finally:
        if server_pg is not None:
            server_pg.stop()
    return 0


def run(args) -> None:
    with tempfile.TemporaryDirectory(prefix="sme-bench-statistics-") as tmp:
        env = app_env(args.database_url)
        # Far from the target a request outlives gunicorn's 30 s worker timeout: the figure is the point.
        env["GUNICORN_CMD_ARGS"] = "--timeout 900"
        print("preparing the database (flask db upgrade, seed, demo accounts) ...", flush=True)
        prepare(env)
        started = time.perf_counter()
        fill(args.database_url, args.applications, args.tasks_per_case)
        print(f"filled in {time.perf_counter() - started:.1f} s", flush=True)
        refresh(env)
        port = free_port(args.port)
        server = Gunicorn(env, port, args.workers, 1, Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready(timeout=300)  # a loaded 2-core machine boots workers slowly
            client = Client(port)
            client.log_in("admin")
            print(f"gunicorn --workers {args.workers} on 127.0.0.1:{port}; {args.requests} GETs per query ...")
            report(measure(client, args.requests))
        except Exception:
            print(f"--- gunicorn log (tail) ---\n{server.log_tail()}", file=sys.stderr)
            raise
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
