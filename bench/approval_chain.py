"""Benchmark: the (十八)1 approval chain over HTTP (gunicorn) next to the bare engine.

    PYTHONPATH=. .venv/bin/python bench/approval_chain.py [--applications N] [--workers W] [--port P]
        [--database-url URL] [--threads T] [--clients C] [--order chain|stage]

1. A throwaway SQLite database in a temp dir (or --database-url) is migrated, seeded and given the
   demo accounts by the real CLI (`flask --app wsgi db upgrade|seed|demo`); gunicorn serves it on
   127.0.0.1 and is always stopped at the end.
2. N applications go through create, submit, accept (jxw), tech_review (kjt), budget_review (czt),
   decide (jxw, approve 400000) and disburse (czt) over the JSON API with http.client keep-alive
   connections; every call is timed by type.
3. The bare engine runs N instances of the same BPMN: runner.start, then for each step
   state.load_state -> runner.complete -> state.dump_state, as the web app does per request.
4. A table: instances/s, p50/p95/max per call type, HTTP completion vs. engine step, saved-state size.

Stdlib plus the project's own packages only. Every request goes to 127.0.0.1; ~17 per application
(4 of them upload the required documents).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness.api import APPLICANTS, APPLICATION, FINAL_STATUS, PASSWORD, PROGRAM, STEPS, ApiClient, CountingConnection
from harness.bare_engine import read_back, run_engine
from harness.measure import Timings, percentile, target_line
from harness.server import REPO, Gunicorn, app_env, free_port, prepare_database

sys.path.insert(0, str(REPO))
from workflows.programs import required_documents


class HttpDriver:
    def __init__(self, port: int, clients: int) -> None:
        self.port = port
        self.clients = clients
        self.timings = Timings()
        self.tokens: dict[str, str] = {}
        self._local = threading.local()
        self._all_clients: list[ApiClient] = []
        self._lock = threading.Lock()

    def client(self) -> ApiClient:
        client = getattr(self._local, "client", None)
        if client is None:
            client = ApiClient(self.port, self.timings)
            self._local.client = client
            with self._lock:
                self._all_clients.append(client)
        return client

    @property
    def requests(self) -> int:
        return sum(c.requests for c in self._all_clients)

    def login_everyone(self) -> None:
        for user in (*APPLICANTS, "jxw", "kjt", "czt"):
            answer = self.client().call(
                "token", "POST", "/api/v1/auth/token", body={"username": user, "password": PASSWORD}
            )
            self.tokens[user] = answer["token"]

    # one step of one application
    def create_and_submit(self, index: int) -> tuple[int, str]:
        applicant = APPLICANTS[index % len(APPLICANTS)]
        api, token = self.client(), self.tokens[applicant]
        data = {**APPLICATION, "project_name": f"{APPLICATION['project_name']} #{index + 1}"}
        created = api.call("create", "POST", "/api/v1/applications", token, {"program": PROGRAM, "data": data}, 201)
        application_id = created["id"]
        for document in required_documents(PROGRAM):  # submission refuses without them
            api.upload("upload", f"/api/v1/applications/{application_id}/attachments", token, document.code)
        api.call("submit", "POST", f"/api/v1/applications/{application_id}/submit", token, {})
        return application_id, applicant

    def complete(self, application_id: int, step: str, user: str, data: dict) -> None:
        api, token = self.client(), self.tokens[user]
        tasks = api.call("list_tasks", "GET", f"/api/v1/tasks?application_id={application_id}", token)["tasks"]
        mine = [t for t in tasks if t["application_id"] == application_id and t["step"] == step]
        if not mine:
            raise RuntimeError(f"{user} sees no open {step} task for application {application_id} ({len(tasks)} open)")
        api.call(f"complete:{step}", "POST", f"/api/v1/tasks/{mine[0]['id']}/complete", token, {"data": data})

    def check_finished(self, application_id: int, applicant: str) -> None:
        case = self.client().call(
            "get_application", "GET", f"/api/v1/applications/{application_id}", self.tokens[applicant]
        )
        if case["status"] != FINAL_STATUS or case["current_tasks"]:
            raise RuntimeError(f"application {application_id} ended as {case['status']!r}, not {FINAL_STATUS!r}")

    def run_chain(self, index: int) -> None:
        application_id, applicant = self.create_and_submit(index)
        for step, user, data in STEPS:
            self.complete(application_id, step, user, data)
        self.check_finished(application_id, applicant)

    def run(self, n: int, order: str) -> float:
        """Drive n applications; returns wall seconds (tokens included)."""
        started = time.perf_counter()
        self.login_everyone()
        with ThreadPoolExecutor(max_workers=self.clients) as pool:
            if order == "chain":  # each application goes through its whole chain before its client takes the next
                list(pool.map(self.run_chain, range(n)))
            else:  # "stage": every application passes one step before any passes the next (queues fill up)
                cases = list(pool.map(self.create_and_submit, range(n)))
                for step, user, data in STEPS:
                    list(pool.map(lambda case, s=step, u=user, d=data: self.complete(case[0], s, u, d), cases))
                list(pool.map(lambda case: self.check_finished(*case), cases))
        elapsed = time.perf_counter() - started
        for client in self._all_clients:
            client.close()
        return elapsed


# -- report -------------------------------------------------------------------------------------


HTTP_ORDER = (
    ["token", "create", "submit", "list_tasks"] + [f"complete:{s}" for s, _u, _d in STEPS] + ["get_application"]
)


def report(
    args, http_seconds, http_timings, requests, connections, engine_seconds, engine_timings, engine_bytes, db_sizes
) -> None:
    n = args.applications
    ms = 1000.0

    def row(label, values):
        print(
            f"  {label:<30}{len(values):>7}{percentile(values, 50) * ms:>10.2f}"
            f"{percentile(values, 95) * ms:>10.2f}{max(values) * ms:>10.2f}"
        )

    print()
    print(
        f"approval chain bench: {n} applications, gunicorn --workers {args.workers}"
        f"{f' --threads {args.threads}' if args.threads > 1 else ''}, {args.clients} client thread(s), "
        f"order={args.order}, database={args.backend}"
    )
    print()
    print("throughput")
    print(
        f"  HTTP (gunicorn)     {n / http_seconds:>9.2f} instances/s   ({n} in {http_seconds:.2f} s; "
        f"{requests} requests, {requests / http_seconds:.1f} req/s, {connections} TCP connections)"
    )
    print(
        f"  bare engine         {n / engine_seconds:>9.2f} instances/s   ({n} in {engine_seconds:.2f} s; "
        f"start + {len(STEPS) + 1} load-complete-save steps each, one thread)"
    )
    print()
    print(f"  {'call (ms)':<30}{'count':>7}{'p50':>10}{'p95':>10}{'max':>10}")
    for kind in HTTP_ORDER:
        if http_timings.samples.get(kind):
            row(kind, http_timings.samples[kind])
    row("complete:* (all)", http_timings.merged("complete:"))
    for kind, values in engine_timings.samples.items():  # process order
        row(kind, values)
    engine_steps = engine_timings.merged("engine:step:")
    row("engine:step:* (all)", engine_steps)
    print()
    http_p50 = percentile(http_timings.merged("complete:"), 50)
    engine_p50 = percentile(engine_steps, 50)
    print(
        f"ratio  HTTP task completion p50 / engine load-complete-save p50 = "
        f"{http_p50 * ms:.2f} ms / {engine_p50 * ms:.2f} ms = {http_p50 / engine_p50:.1f}x"
    )
    throughput = n / http_seconds
    print()
    print(
        target_line(
            f"instances/s through the HTTP API, {args.clients} clients, {args.backend}",
            f"{throughput:.2f}/s ({n} applications, gunicorn {args.workers} workers × {args.threads} threads)",
            "≥ 21/s (15× SpiffArena's 1.43)",
            throughput >= 21,
        )
    )
    ratio = http_p50 / engine_p50
    print(
        target_line(
            "task completion p50 over HTTP",
            f"{http_p50 * ms:.1f} ms = {ratio:.1f}× the bare engine's load-complete-save {engine_p50 * ms:.2f} ms",
            "≤ 3× the bare engine",
            ratio <= 3,
        )
    )
    print(
        f"saved state after the last step: {engine_bytes} bytes (bare engine)"
        + (
            f"; in the server's database {min(db_sizes)}-{max(db_sizes)} bytes over {len(db_sizes)} instances"
            if db_sizes
            else ""
        )
    )


# -- main ---------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", "-n", type=int, default=50, help="applications / engine instances (50)")
    parser.add_argument("--workers", "-w", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--port", "-p", type=int, default=0, help="port on 127.0.0.1 (a free one)")
    parser.add_argument(
        "--database-url",
        help="bench this database (e.g. PostgreSQL) instead of a throwaway SQLite "
        "file; it is migrated, seeded and written to, so give it a scratch database",
    )
    parser.add_argument("--clients", "-c", type=int, default=1, help="concurrent client threads (1: sequential)")
    parser.add_argument(
        "--order",
        choices=["chain", "stage"],
        default="chain",
        help="chain: one application at a time through every step; stage: all applications "
        "through each step before the next (department queues hold N tasks)",
    )
    args = parser.parse_args(argv)
    if args.applications < 1 or args.workers < 1 or args.clients < 1 or args.threads < 1:
        parser.error("--applications, --workers, --threads and --clients must be at least 1")

    with tempfile.TemporaryDirectory(prefix="sme-bench-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        args.backend = database_url.split(":", 1)[0].split("+", 1)[0]
        env = app_env(database_url)
        port = free_port(args.port)
        print(f"preparing {args.backend} database (flask db upgrade, seed, demo) ...", flush=True)
        prepare_database(env)

        server = Gunicorn(env, port, args.workers, args.threads, Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready()
            print(f"gunicorn on 127.0.0.1:{port}; driving {args.applications} applications ...", flush=True)
            driver = HttpDriver(port, args.clients)
            try:
                http_seconds = driver.run(args.applications, args.order)
            except Exception:
                print(f"--- gunicorn log (tail) ---\n{server.log_tail()}", file=sys.stderr)
                raise
        finally:
            server.stop()
        bpmn, dmns, db_sizes = read_back(database_url)

        print(f"bare engine: {args.applications} instances ...", flush=True)
        engine_timings = Timings()
        engine_seconds, engine_bytes = run_engine(args.applications, bpmn, dmns, engine_timings)

    report(
        args,
        http_seconds,
        driver.timings,
        driver.requests,
        CountingConnection.opened,
        engine_seconds,
        engine_timings,
        engine_bytes,
        db_sizes,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
