"""Races against a real gunicorn + PostgreSQL: double submits, simultaneous opinions, kill -9 mid-step.

    PYTHONPATH=. .venv/bin/python bench/races.py [--rounds N] [--kills K] [--clicks C] [--database-url URL]

1. A throwaway PostgreSQL (tests/support/postgres_server.py; or --database-url, a scratch database)
   is migrated, seeded and given the demo accounts by the real CLI; gunicorn (2 workers × 4 threads)
   serves it on 127.0.0.1 and is always stopped at the end, the database too.
2. **Simultaneous submits**: N drafts, each submitted by C threads released together. A case is
   created once per draft or the figure says otherwise (cases created must equal rounds).
3. **Simultaneous opinions**: N cases accepted, then 科技厅 and 财政厅 give their parallel opinions
   at the same instant: the 409s, and lost updates (an opinion answered 200 but missing).
4. **kill -9 mid-step**: K times, an opinion is sent and a gunicorn worker is killed (SIGKILL) a
   few milliseconds later; gunicorn starts another. A half-done case is one whose task row, engine
   state and audit entry disagree: the task completed but the next step or its audit entry missing,
   or the task still open but no longer completable.

Every request goes to 127.0.0.1; every loop is bounded by the counts given.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from functools import partial
from pathlib import Path

from harness.api import APPLICATION, PASSWORD, PROGRAM, ApiClient
from harness.measure import Timings
from harness.server import Gunicorn, app_env, free_port, prepare_database
from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.documents import PDF  # noqa: E402
from tests.support.postgres_server import ThrowawayPostgres  # noqa: E402
from workflows.programs import required_documents  # noqa: E402

OPINIONS = [("kjt", "tech_review", "技术可行"), ("czt", "budget_review", "预算可行")]


class Http:
    """One keep-alive client per thread, tokens for the demo accounts."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()
        self.tokens = {
            u: self.call("POST", "/api/v1/auth/token", None, {"username": u, "password": PASSWORD})[1]["token"]
            for u in ("tianshan", "jxw", "kjt", "czt")
        }

    def call(self, method: str, path: str, user: str | None, body=None, raw: bytes | None = None, ctype=None):
        client = getattr(self.local, "client", None)
        if client is None:
            client = self.local.client = ApiClient(self.port, Timings())
        headers = {"Accept": "application/json", "Accept-Language": "en"}
        if user:
            headers["Authorization"] = f"Bearer {self.tokens[user]}"
        payload = raw
        if body is not None:
            payload, headers["Content-Type"] = json.dumps(body, ensure_ascii=False).encode(), "application/json"
        if ctype:
            headers["Content-Type"] = ctype
        try:
            status, answer = client._send(method, path, payload, headers)
        except OSError:
            client.conn.close()  # the worker died or closed the connection: one fresh try
            status, answer = client._send(method, path, payload, headers)
        try:
            return status, json.loads(answer)
        except ValueError:
            return status, {"raw": answer[:200].decode(errors="replace")}

    def upload(self, application_id: int, document_code: str) -> None:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\n{document_code}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{document_code}.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + PDF
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        status, answer = self.call(
            "POST",
            f"/api/v1/applications/{application_id}/attachments",
            "tianshan",
            raw=b"".join(parts),
            ctype=f"multipart/form-data; boundary={boundary}",
        )
        if status != 201:
            raise RuntimeError(f"upload {document_code}: {status} {answer}")

    def draft(self, index: int) -> int:
        data = {**APPLICATION, "project_name": f"{APPLICATION['project_name']} 并发#{index}"}
        status, answer = self.call("POST", "/api/v1/applications", "tianshan", {"program": PROGRAM, "data": data})
        if status != 201:
            raise RuntimeError(f"create: {status} {answer}")
        for document in required_documents(PROGRAM):
            self.upload(answer["id"], document.code)
        return answer["id"]

    def submitted_case(self, index: int) -> int:
        application_id = self.draft(index)
        status, answer = self.call("POST", f"/api/v1/applications/{application_id}/submit", "tianshan", {})
        if status != 200:
            raise RuntimeError(f"submit: {status} {answer}")
        self.complete(application_id, "jxw", "accept", {"decision": "approve"}, expect=200)
        return application_id

    def task_id(self, application_id: int, user: str, step: str) -> int | None:
        _status, answer = self.call("GET", f"/api/v1/tasks?application_id={application_id}", user)
        return next((t["id"] for t in answer.get("tasks", []) if t["step"] == step), None)

    def complete(self, application_id, user, step, data, expect=None, task_id=None):
        task_id = task_id or self.task_id(application_id, user, step)
        status, answer = self.call("POST", f"/api/v1/tasks/{task_id}/complete", user, {"data": data})
        if expect is not None and status != expect:
            raise RuntimeError(f"{step}: {status} {answer}")
        return status


def together(calls) -> list:
    """The calls in threads released by one barrier; their results in order."""
    start = threading.Barrier(len(calls), timeout=60)
    results: list = [None] * len(calls)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def simultaneous_submits(http: Http, engine, rounds: int, clicks: int) -> dict:
    before = _count(engine, "process_instances")
    answers = []
    for index in range(rounds):
        application_id = http.draft(index)
        path = f"/api/v1/applications/{application_id}/submit"
        answers += [s for s, _ in together([lambda p=path: http.call("POST", p, "tianshan", {})] * clicks)]
    created = _count(engine, "process_instances") - before
    return {
        "rounds": rounds,
        "requests": len(answers),
        "200": answers.count(200),
        "409": answers.count(409),
        "5xx": sum(s >= 500 for s in answers),
        "cases created": created,
    }


def simultaneous_opinions(http: Http, rounds: int) -> dict:
    conflicts = lost = errors = 0
    for index in range(rounds):
        application_id = http.submitted_case(1000 + index)
        ids = {step: http.task_id(application_id, user, step) for user, step, _ in OPINIONS}
        calls = [
            partial(http.complete, application_id, u, st, {"decision": "approve", "opinion": o}, task_id=ids[st])
            for u, st, o in OPINIONS
        ]
        statuses = together(calls)
        conflicts += statuses.count(409)
        errors += sum(s >= 500 for s in statuses)
        _status, case = http.call("GET", f"/api/v1/applications/{application_id}", "jxw")
        given = {h["step"]: (h.get("data") or {}).get("opinion") for h in case.get("history", [])}
        lost += sum(1 for (_u, s, o), code in zip(OPINIONS, statuses) if code == 200 and given.get(s) != o)
    return {"rounds": rounds, "409s": conflicts, "5xx": errors, "lost updates": lost}


def kill_mid_step(http: Http, engine, server: Gunicorn, kills: int, rng: random.Random) -> dict:
    half_done = killed = 0
    for index in range(kills):
        application_id = http.submitted_case(2000 + index)
        user, step, opinion = OPINIONS[0]
        task_id = http.task_id(application_id, user, step)
        payload = {"decision": "approve", "opinion": opinion}
        sender = threading.Thread(
            target=partial(_quietly, http.complete, application_id, user, step, payload, task_id=task_id)
        )
        sender.start()
        time.sleep(rng.uniform(0.0, 0.06))
        killed += server.kill_workers()
        sender.join(60)
        server.wait_ready(timeout=60)
        half_done += 0 if _whole(http, engine, application_id, task_id, user, step, opinion) else 1
    return {"kills": killed, "rounds": kills, "half-done cases": half_done}


def _whole(http, engine, application_id, task_id, user, step, opinion) -> bool:
    with engine.connect() as conn:
        state = conn.execute(text("SELECT state FROM human_tasks WHERE id = :id"), {"id": task_id}).scalar()
        audited = conn.execute(
            text("SELECT count(*) FROM audit_entries WHERE action = 'task.completed' AND subject_id = :id"),
            {"id": task_id},
        ).scalar()
    if state == "open":  # not done at all: it must still be completable
        return (
            audited == 0
            and http.complete(application_id, user, step, {"decision": "approve", "opinion": opinion}, task_id=task_id)
            == 200
        )
    _status, case = http.call("GET", f"/api/v1/applications/{application_id}", "jxw")
    next_open = any(t["step"] == "budget_review" for t in case.get("current_tasks", []))
    return state == "completed" and audited == 1 and next_open


def _quietly(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (OSError, RuntimeError):
        return None  # the worker was killed under this request: the point of the exercise


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(text(table))).scalar()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", "-n", type=int, default=10, help="rounds of submits and of opinions (10)")
    parser.add_argument("--clicks", "-c", type=int, default=4, help="simultaneous submits per draft (4)")
    parser.add_argument("--kills", "-k", type=int, default=10, help="kill -9 rounds (10)")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database instead of a throwaway server")
    parser.add_argument("--seed", type=int, default=10, help="random seed for the kill delays")
    args = parser.parse_args(argv)
    if min(args.rounds, args.clicks, args.kills) < 1 or args.rounds > 500 or args.kills > 200:
        parser.error("--rounds 1..500, --clicks ≥ 1, --kills 1..200")
    postgres = None if args.database_url else ThrowawayPostgres()
    try:
        url = args.database_url or postgres.start()
        return run(args, url)
    finally:
        if postgres is not None:
            postgres.stop()


def run(args, url: str) -> int:
    env = app_env(url)
    print("preparing PostgreSQL (flask db upgrade, seed, demo) ...", flush=True)
    prepare_database(env)
    engine = create_engine(url)
    with tempfile.TemporaryDirectory(prefix="sme-races-") as tmp:
        env["UPLOAD_DIR"] = str(Path(tmp) / "uploads")
        server = Gunicorn(env, free_port(), 2, 4, Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready()
            http = Http(server.port)
            figures = {
                "simultaneous submits": simultaneous_submits(http, engine, args.rounds, args.clicks),
                "simultaneous opinions": simultaneous_opinions(http, args.rounds),
                "kill -9 mid-step": kill_mid_step(http, engine, server, args.kills, random.Random(args.seed)),
            }
        finally:
            server.stop()
            engine.dispose()
    for name, values in figures.items():
        print(f"{name:24} " + ", ".join(f"{k}: {v}" for k, v in values.items()))
    ok = (
        figures["simultaneous submits"]["cases created"] == args.rounds
        and figures["simultaneous opinions"]["lost updates"] == 0
        and figures["kill -9 mid-step"]["half-done cases"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
