"""Benchmark: ordinary requests still answer while N runaway scripts run on the real server.

Uploads a process whose script after the first review is `while True: pass` (and a condition
`sum(range(10**12)) > 0` on every other instance), starts N instances of it, starts gunicorn
(`--workers W --threads T`, gthread), then sends the N runaway completions at once while one
client keeps asking for its task list. Prints how the runaways ended (422 with "time limit
exceeded" is the expected answer), how long they took, and the ordinary requests' latency
before and during the runaways. Stops gunicorn in every case.

    PYTHONPATH=. .venv/bin/python bench/runaway_scripts.py -n 8
    PYTHONPATH=. .venv/bin/python bench/runaway_scripts.py -n 8 --database-url postgresql+psycopg://sme@127.0.0.1:5432/scratch
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.api import PASSWORD, ApiClient
from harness.measure import Timings, percentile
from harness.server import Gunicorn, app_env, free_port, prepare_database

RUNAWAY_SCRIPT = "checked = True\nwhile True:\n    pass"
RUNAWAY_CONDITION = "sum(range(10**12)) > 0"


def prepare_instances(database_url: str, n: int) -> None:
    """Upload the runaway process and start n instances, each waiting for jxw's review."""
    from tests.test_runaway_model_code import model  # the same model the tests run
    from webapp import create_app
    from webapp.common.transaction import unit_of_work
    from webapp.extensions import db
    from webapp.processes.services import definitions, instances

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        loop = definitions.upload_definition(None, model("bench_runaway_loop", RUNAWAY_SCRIPT), [])
        cond = definitions.upload_definition(None, model("bench_runaway_cond", condition=RUNAWAY_CONDITION), [])
        with unit_of_work():
            for index in range(n):
                instance, version, workflow = instances.start(loop if index % 2 == 0 else cond, {})
                instances.save(instance, version, workflow, None)
        db.session.remove()
        db.engine.dispose()


def token(port: int, user: str) -> str:
    answer = ApiClient(port, Timings()).call(
        "token", "POST", "/api/v1/auth/token", body={"username": user, "password": PASSWORD}
    )
    return answer["token"]


def ordinary_requests(port: int, auth: str, stop: threading.Event, timings: Timings, kind: str) -> None:
    client = ApiClient(port, timings)
    while not stop.is_set():
        client.call(kind, "GET", "/api/v1/tasks", token=auth)
        time.sleep(0.05)
    client.close()


def run_away(port: int, auth: str, task_id: int, results: list) -> None:
    client = ApiClient(port, Timings())
    started = time.perf_counter()
    try:
        answer = client.call("runaway", "POST", f"/api/v1/tasks/{task_id}/complete", auth, {"data": {}}, expect=422)
        results.append((time.perf_counter() - started, "time limit exceeded" in str(answer)))
    except Exception as exc:
        results.append((time.perf_counter() - started, f"unexpected: {exc}"[:200]))


def drive(port: int, n: int) -> tuple[Timings, list, float]:
    jxw, kjt = token(port, "jxw"), token(port, "kjt")
    tasks = ApiClient(port, Timings()).call("list", "GET", "/api/v1/tasks?limit=500", jxw)["tasks"]
    task_ids = [t["id"] for t in tasks if t["step"] == "review"][:n]
    timings, stop = Timings(), threading.Event()
    quiet = threading.Thread(target=ordinary_requests, args=(port, kjt, stop, timings, "before"))
    quiet.start()
    time.sleep(2)
    stop.set()
    quiet.join()
    stop.clear()
    busy = threading.Thread(target=ordinary_requests, args=(port, kjt, stop, timings, "during"))
    results: list = []
    runaways = [threading.Thread(target=run_away, args=(port, jxw, t, results)) for t in task_ids]
    started = time.perf_counter()
    busy.start()
    for thread in runaways:
        thread.start()
    for thread in runaways:
        thread.join()
    wall = time.perf_counter() - started
    stop.set()
    busy.join()
    return timings, results, wall


def report(n: int, args, timings: Timings, results: list, wall: float) -> None:
    ms = 1000
    stopped = sum(1 for _s, ok in results if ok is True)
    print(f"\nrunaway scripts on {args.backend}, gunicorn {args.workers} worker(s) x {args.threads} thread(s)")
    print(f"  runaway completions sent {n}, answered 422 'time limit exceeded' {stopped}, other {n - stopped}")
    took = [s for s, _ in results]
    print(f"  runaway answer time: min {min(took):.2f} s, max {max(took):.2f} s; all answered within {wall:.2f} s")
    for kind in ("before", "during"):
        values = timings.samples.get(kind, [])
        if values:
            print(
                f"  ordinary GET /api/v1/tasks {kind:>6} the runaways: {len(values)} answered, "
                f"p50 {percentile(values, 50) * ms:.0f} ms, max {max(values) * ms:.0f} ms"
            )
    for _s, ok in results:
        if ok is not True:
            print(f"  ! {ok}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=8, help="runaway completions sent at once (8)")
    parser.add_argument("--workers", "-w", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (4)")
    parser.add_argument("--database-url", help="a scratch database (e.g. PostgreSQL) instead of a temp SQLite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sme-runaway-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        args.backend = database_url.split(":", 1)[0].split("+", 1)[0]
        env = app_env(database_url)
        print(f"preparing {args.backend} database and {args.n} runaway instances ...", flush=True)
        prepare_database(env)
        prepare_instances(database_url, args.n)
        port = free_port()
        server = Gunicorn(env, port, args.workers, max(args.threads, 2), Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready()
            timings, results, wall = drive(port, args.n)
        except Exception:
            print(f"--- gunicorn log (tail) ---\n{server.log_tail()}", file=sys.stderr)
            raise
        finally:
            server.stop()
    report(args.n, args, timings, results, wall)
    return 0


if __name__ == "__main__":
    sys.exit(main())
