"""Benchmark: how many due timers per second one worker, then two workers at once, fire.

    PYTHONPATH=. .venv/bin/python bench/timers.py [--instances N] [--database-url URL] [--batch B]

1. A throwaway SQLite database in a temp dir (or the scratch database at --database-url, which must
   be on this machine) is migrated and given the departments; the fixture process
   tests/data/acceptance_time_limit.bpmn (经信委 must accept within `time_limit`) is uploaded.
2. For each round (1 worker, then 2): N instances are started with time_limit "PT1S" through the
   service layer, the bench waits until all are due, then starts the worker processes at the same
   moment; each calls `timers.fire_due_timers` until nothing is due.
3. Every instance must have exactly one `timer.fired` entry. Each round's detail (instances/s = N over
   the wall time from the start signal to the last worker done, each worker's share) goes to stderr;
   stdout gets exactly one line, issue 16's row for the 2-worker round with its target beside it.

The workers are separate processes (spawned, like `flask worker`), so two of them can use two
cores. Stdlib plus the project's own packages; nothing leaves the machine; bounded in size and time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from harness.measure import target_line

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "data" / "acceptance_time_limit.bpmn"
MAX_INSTANCES = 20_000
ROUND_TIMEOUT = 600.0  # seconds; a round that takes longer is abandoned
LOOPBACK = {None, "", "localhost", "127.0.0.1", "::1"}


def make_app(url: str):
    sys.path.insert(0, str(REPO))
    from webapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def prepare(url: str) -> None:
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.processes.services import definitions, seed

    app = make_app(url)
    with app.app_context():
        upgrade()
        seed.seed_departments()
        if not definitions.versions_of("acceptance_time_limit"):
            definitions.upload_definition(None, FIXTURE.read_bytes(), [])
        db.engine.dispose()


def fill(url: str, count: int) -> list[int]:
    """`count` instances due one second after they start (each chunk of 100 is one transaction)."""
    from webapp.common.transaction import unit_of_work
    from webapp.extensions import db
    from webapp.processes.services import definitions, instances

    app = make_app(url)
    ids: list[int] = []
    with app.app_context():
        definition = definitions.versions_of("acceptance_time_limit")[0]
        for first in range(0, count, 100):
            with unit_of_work():
                for _ in range(min(100, count - first)):
                    instance, version, workflow = instances.start(
                        definition, {"time_limit": "PT1S", "escalate_to": "bench"}
                    )
                    instances.save(instance, version, workflow, None)
                    ids.append(instance.id)
        db.engine.dispose()
    return ids


def wait_until_due(url: str, ids: list[int]) -> None:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import ProcessInstance
    from webapp.models._columns import utcnow

    app = make_app(url)
    with app.app_context():
        latest = db.session.scalar(select(func.max(ProcessInstance.next_timer_due)).where(ProcessInstance.id.in_(ids)))
        db.engine.dispose()
    time.sleep(max(0.0, (latest - utcnow()).total_seconds() + 0.05))


def worker(url: str, batch: int, ready, go, results) -> None:
    """One worker process: warm up, wait for the start signal, fire until nothing is due."""
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import ProcessInstance
    from webapp.models._columns import utcnow
    from webapp.processes.services import definitions, instances, timers

    app = make_app(url)
    with app.app_context():
        instances.version_of(definitions.versions_of("acceptance_time_limit")[0])  # parse the spec once

    def due() -> int:
        running = ProcessInstance.status == "running"
        return db.session.scalar(select(func.count()).where(running, ProcessInstance.next_timer_due <= utcnow()))

    ready.release()
    go.wait()
    fired, started = 0, time.perf_counter()
    deadline = time.monotonic() + ROUND_TIMEOUT
    while time.monotonic() < deadline:
        with app.app_context():
            fired += timers.fire_due_timers(batch=batch)
            if not due():
                break
    results.put((fired, time.perf_counter() - started))
    with app.app_context():
        db.engine.dispose()


def fired_counts(url: str, ids: list[int]) -> Counter:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import AuditEntry

    app = make_app(url)
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEntry.subject_id).where(AuditEntry.action == "timer.fired", AuditEntry.subject_id.in_(ids))
        )
        counts = Counter(rows)
        db.engine.dispose()
    return counts


def run_round(url: str, count: int, workers: int, batch: int) -> tuple[float, int, int]:
    """One round; returns (instances/s, instances fired more than once, instances never fired)."""
    fill_started = time.perf_counter()
    ids = fill(url, count)
    fill_seconds = time.perf_counter() - fill_started
    wait_until_due(url, ids)

    ctx = mp.get_context("spawn")
    ready, go, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(url, batch, ready, go, results)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    try:
        for _ in procs:
            if not ready.acquire(timeout=120):
                raise SystemExit("a worker did not start within 120 s")
        started = time.perf_counter()
        go.set()
        shares = [results.get(timeout=ROUND_TIMEOUT) for _ in procs]
        wall = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()

    counts = fired_counts(url, ids)
    exact = sum(1 for i in ids if counts[i] == 1)
    twice = sum(1 for i in ids if counts[i] > 1)
    split = " + ".join(str(fired) for fired, _ in shares)
    print(
        f"{workers} worker(s): {count} instances in {wall:6.2f} s = {count / wall:7.1f} instances/s"
        f"  (shares {split}; fired exactly once {exact}/{count}, twice or more {twice};"
        f" filling took {fill_seconds:.1f} s = {count / fill_seconds:.0f} starts/s)",
        file=sys.stderr,
    )
    return count / wall, twice, count - exact - twice


def loopback_only(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" and parsed.host not in LOOPBACK and not str(parsed.host).startswith("/"):
        raise SystemExit(f"refusing {parsed.host}: the bench writes instances, so only a database on this machine")
    return url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", "-n", type=int, default=1000, help=f"due instances a round (≤ {MAX_INSTANCES})")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database on this machine (default: temp SQLite)")
    parser.add_argument("--batch", type=int, default=50, help="instances per claim (50)")
    args = parser.parse_args(argv)
    if not 1 <= args.instances <= MAX_INSTANCES:
        parser.error(f"--instances must be between 1 and {MAX_INSTANCES}")

    with tempfile.TemporaryDirectory(prefix="sme-bench-timers-") as tmp:
        url = loopback_only(args.database_url) if args.database_url else f"sqlite:///{tmp}/bench.db"
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        detail = f"database: {url.split('@')[-1]}; {args.instances} instances per round; batch {args.batch}"
        print(detail, file=sys.stderr)
        prepare(url)
        run_round(url, args.instances, 1, args.batch)  # detail only (stderr)
        rate, twice, never = run_round(url, args.instances, 2, args.batch)
        print(
            target_line(
                f"{args.instances:,} due timers, 2 workers, {database}",
                f"{rate:.0f}/s, {twice} fired twice",
                "≥ 500/s, 0 twice",
                rate >= 500 and twice == 0,
            )
        )
    if twice or never:
        raise SystemExit(f"{twice} instance(s) fired more than once, {never} never fired")
    return 0


if __name__ == "__main__":
    sys.exit(main())
