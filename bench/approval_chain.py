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
import contextlib
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from workflows.programs import required_documents  # noqa: E402 - the bench runs from a checkout

SMALL_PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PASSWORD = "demo12345"
PROGRAM = "sme-18-1"
APPLICANTS = ("tianshan", "kunlun")

# Same application as tests/support/actors.py (kept in step by hand: the bench imports no tests).
APPLICATION = {
    "project_name": "五轴联动数控机床产业化",
    "product_name": "XJ-500 五轴联动数控机床",
    "appraisal_certificate_no": "新经信鉴字〔2026〕018号",
    "appraisal_date": "2026-03-18",
    "amount_requested": "450000",
    "description": "通过自治区新产品鉴定，申请（十八）1 补助。",
}

# (step, staff user, form payload) after the applicant's submit, in process order.
STEPS = [
    ("accept", "jxw", {"decision": "approve"}),
    ("tech_review", "kjt", {"decision": "approve", "opinion": "技术先进，鉴定结论可信"}),
    ("budget_review", "czt", {"decision": "approve", "opinion": "预算可安排"}),
    ("decide", "jxw", {"decision": "approve", "approved_amount": "400000", "reasons": "符合（十八）1"}),
    (
        "disburse",
        "czt",
        {"disbursed_amount": "400000", "disbursed_on": date.today().isoformat(), "voucher_no": "CZ-BENCH"},
    ),
]
FINAL_STATUS = "disbursed"


# -- measurements -------------------------------------------------------------------------------


class Timings:
    """Durations (seconds) per call type; thread-safe."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, kind: str, seconds: float) -> None:
        with self._lock:
            self.samples[kind].append(seconds)

    def merged(self, prefix: str) -> list[float]:
        return [s for kind, values in self.samples.items() if kind.startswith(prefix) for s in values]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


# -- the server ---------------------------------------------------------------------------------


def free_port(port: int = 0) -> int:
    """A port nothing listens on (so the readiness probe cannot be answered by another server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise SystemExit(f"127.0.0.1:{port} is in use ({exc.strerror}); pick another --port") from exc
        return int(s.getsockname()[1])


def app_env(database_url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["FLASK_APP"] = "wsgi"
    env.setdefault("APP_ENV", "development")
    if env["APP_ENV"] == "production":
        raise SystemExit("APP_ENV=production: the bench needs the demo accounts, which production refuses.")
    return env


def prepare_database(env: dict) -> None:
    # The demo's calls pay at once: a public notice of 5 working days would refuse the last step.
    for args in (["db", "upgrade"], ["seed"], ["demo", "--notice-days", "0"]):
        cmd = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise SystemExit(f"`flask {' '.join(args)}` failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


class Gunicorn:
    """gunicorn on 127.0.0.1:port; stop() terminates it (then kills it) and never raises."""

    def __init__(self, env: dict, port: int, workers: int, threads: int, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        if threads > 1:
            cmd += ["--threads", str(threads)]
        cmd.append("wsgi:app")
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/api/v1/openapi.json")
                conn.getresponse().read()
                return  # any HTTP answer means a worker is serving
            except OSError:
                time.sleep(0.1)
            finally:
                conn.close()
        raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{self.port} within {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            self._log.flush()
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to the arbiter: it stops its workers gracefully
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, 9)  # its own session: the arbiter and its workers only
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=5)
        self._log.close()


# -- the HTTP side ------------------------------------------------------------------------------


class CountingConnection(http.client.HTTPConnection):
    opened = 0
    _lock = threading.Lock()

    def connect(self):
        super().connect()
        with CountingConnection._lock:
            CountingConnection.opened += 1


class ApiClient:
    """One keep-alive connection; reconnects when the server closes it (sync workers always do)."""

    def __init__(self, port: int, timings: Timings) -> None:
        self.conn = CountingConnection("127.0.0.1", port, timeout=120)
        self.timings = timings
        self.requests = 0

    def call(self, kind: str, method: str, path: str, token: str | None = None, body=None, expect=200) -> dict:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._timed(kind, method, path, payload, headers, expect)

    def upload(self, kind: str, path: str, token: str, document_type: str) -> dict:
        """A small PDF as one document of the application, multipart as a browser sends it."""
        boundary = "bench-boundary-7MA4YWxkTrZu0gW"
        payload = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\n{document_type}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{document_type}.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + SMALL_PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Accept": "application/json",
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return self._timed(kind, "POST", path, payload, headers, 201)

    def _timed(self, kind: str, method: str, path: str, payload, headers: dict, expect: int) -> dict:
        reused = self.conn.sock is not None
        started = time.perf_counter()
        try:
            status, raw = self._send(method, path, payload, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server dropped an idle keep-alive connection before reading the request: resend.
            self.conn.close()
            started = time.perf_counter()
            status, raw = self._send(method, path, payload, headers)
        self.timings.add(kind, time.perf_counter() - started)
        self.requests += 1
        if status != expect:
            try:
                detail = json.dumps(json.loads(raw), ensure_ascii=False)[:800]
            except ValueError:
                detail = raw[:800].decode(errors="replace")
            raise RuntimeError(f"{method} {path} -> {status} (expected {expect}): {detail}")
        return json.loads(raw)

    def _send(self, method, path, payload, headers):
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()


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


def read_back(database_url: str) -> tuple[bytes, list[bytes], list[int]]:
    """From the database the server wrote: the process version its instances ran (BPMN and DMN
    sources, so the engine phase runs exactly the same model) and every saved state's size in bytes."""
    from sqlalchemy import select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import ProcessInstance

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        try:
            last = db.session.scalar(select(ProcessInstance).order_by(ProcessInstance.id.desc()).limit(1))
            bpmn, dmns = last.definition.sources()
            sizes = [len(s.encode()) for s in db.session.scalars(select(ProcessInstance.state))]
            return bpmn, dmns, sizes
        finally:
            db.session.remove()
            db.engine.dispose()


# -- the bare engine ----------------------------------------------------------------------------


def typed(fields, payload: dict) -> dict:
    """What the web form's clean_data() hands the engine: every declared field, typed."""
    from workflows.engine.fields import from_json

    values = from_json(fields, {f.name: payload.get(f.name) for f in fields})
    return {f.name: (None if values[f.name] == "" else values[f.name]) for f in fields}


def run_engine(n: int, bpmn: bytes, dmns: list[bytes], timings: Timings) -> tuple[float, int]:
    """n instances, load -> complete -> save per step; returns (wall seconds, last saved-state bytes)."""
    from webapp.processes.services.instances import APPLICANT_LANES
    from workflows.engine import definitions, runner, state

    version = definitions.load_version(bpmn, dmns)  # parsed once, as the server's cache does
    first = next(s for s in version.steps.values() if s.lane in APPLICANT_LANES)
    chain = [(first.name, APPLICATION)] + [(step, data) for step, _user, data in STEPS]
    forms = {name: typed(version.steps[name].fields, data) for name, data in chain}

    saved = ""
    started = time.perf_counter()
    for index in range(n):
        t0 = time.perf_counter()
        workflow = runner.start(
            version, {"program": PROGRAM, "application_number": f"BENCH{index:06d}", "enterprise_name": "天山精密机械"}
        )
        saved = state.dump_state(workflow)
        timings.add("engine:start+save", time.perf_counter() - t0)
        for name, _data in chain:
            ready = {r.step.name: r.task_id for r in runner.ready_steps(workflow, version)}
            task_id = ready[name]
            t0 = time.perf_counter()
            workflow = state.load_state(saved, version, runner.SCRIPT_ENGINE)
            runner.complete(workflow, version, task_id, dict(forms[name]))
            saved = state.dump_state(workflow)
            timings.add(f"engine:step:{name}", time.perf_counter() - t0)
        if runner.outcome(workflow) != FINAL_STATUS:
            raise RuntimeError(f"engine instance {index} ended as {runner.outcome(workflow)!r}")
    return time.perf_counter() - started, len(saved.encode())


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
