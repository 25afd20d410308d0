"""Issue 16's table: every figure, measured now on this machine, with its target beside it.

    PYTHONPATH=. .venv/bin/python bench/targets.py            # the full sizes (about 10 minutes)
    PYTHONPATH=. .venv/bin/python bench/targets.py --tiny     # every bench at a tiny size (the suite)

Each bench runs as a person runs it, in its own process, one after another (they must not share
the two cores). Those that measure PostgreSQL get a database of their own on one throwaway
server started here with production durability (fsync and synchronous commit on; the suite's
server has them off); the others make their own throwaway SQLite database. Each bench prints one
`TARGET | figure | measured | target | met` line per figure it owns (`harness.measure.target_line`);
this script gathers them into the table, with the date, the machine and its load before and
after, which is what bench/README.md records. It exits non-zero only when a bench fails to run:
a target not met is a finding, printed as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.server import REPO

sys.path.insert(0, str(REPO))
from tests.support.postgres_server import ThrowawayPostgres


@dataclass(frozen=True)
class Bench:
    script: str
    full: list[str]
    tiny: list[str]
    postgres: bool = False
    extra: list[str] = field(default_factory=list)


# In the order of the table. The inbox at a million is timed with 30 GETs per query (nine
# queries, the API and the head's overview): filling it takes most of its minutes.
BENCHES = [
    Bench(
        "approval_chain.py",
        ["--applications", "200", "--workers", "2", "--threads", "4", "--clients", "4"],
        ["--applications", "2", "--workers", "2", "--threads", "4", "--clients", "2"],
    ),
    Bench("long_case.py", [], ["--steps", "12", "--window", "2"]),
    Bench(
        "inbox.py",
        ["--tasks", "1000000", "--requests", "30"],
        ["--tasks", "300", "--applications", "20", "--requests", "3"],
        True,
    ),
    Bench("timers.py", ["--instances", "1000"], ["--instances", "10"], True),
]
TARGET_PREFIX = "TARGET | "


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({model}), {memory_kb / 2**20:.0f} GiB, Python {platform.python_version()}"


def run_bench(bench: Bench, args: list[str], log) -> list[str]:
    """The bench's TARGET lines; its whole output goes to the log (and the terminal)."""
    command = [sys.executable, str(REPO / "bench" / bench.script), *args]
    log.write(f"\n$ {' '.join(command[1:])}\n")
    log.flush()
    print(f"running {bench.script} {' '.join(args)}", flush=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    log.write(done.stdout + done.stderr)
    log.flush()
    if done.returncode != 0:
        raise SystemExit(f"{bench.script} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    rows = [line for line in done.stdout.splitlines() if line.startswith(TARGET_PREFIX)]
    if not rows:
        raise SystemExit(f"{bench.script} printed no TARGET line:\n{done.stdout[-3000:]}")
    print(f"  {len(rows)} figure(s) in {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="every bench at a tiny size (a smoke run)")
    parser.add_argument("--only", action="append", metavar="BENCH", help="only this bench (e.g. inbox.py); repeatable")
    parser.add_argument(
        "--log",
        default=str(Path(tempfile.gettempdir()) / "sme-bench-targets.log"),
        help="where every bench's full output goes",
    )

    args = parser.parse_args(argv)

    # A SIGTERM (a timeout, a kill) ends as an exception, so the throwaway server below is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = dt.datetime.now(dt.UTC), load()
    rows: list[str] = []
    postgres = ThrowawayPostgres()
    try:
        print("starting a throwaway PostgreSQL (fsync and synchronous commit on) ...", flush=True)
        postgres.start(durable=True)
        with open(args.log, "w", encoding="utf-8") as log:
            for index, bench in enumerate(BENCHES):
                if args.only and bench.script not in args.only:
                    continue
                bench_args = list(bench.tiny if args.tiny else bench.full)
                if bench.postgres:
                    bench_args += ["--database-url", postgres.create_database(f"bench_{index}")]
                rows += run_bench(bench, bench_args, log)
    finally:
        postgres.stop()

    print()
    print(f"issue 16's figures, {'tiny sizes (not the figures)' if args.tiny else 'full sizes'}")
    print(f"date: {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}")
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {load()}")
    print()
    print("| figure | measured | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        cells = [cell.strip() for cell in row.removeprefix(TARGET_PREFIX).split(" | ")]
        print("| " + " | ".join(cells) + " |")
    print(f"\neach bench's full output: {args.log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
