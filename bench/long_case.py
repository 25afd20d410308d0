"""Benchmark: does a step of one long case cost more at its 200th completion than at its 10th?

    PYTHONPATH=. .venv/bin/python bench/long_case.py [--steps N] [--window W] [--port P]

1. A throwaway SQLite database in a temp dir is migrated, seeded and given the demo accounts by the
   real CLI (`flask --app wsgi db upgrade|seed|demo`); one gunicorn worker serves it on 127.0.0.1
   and is always stopped at the end.
2. One (十八)1 application is created, given its documents and submitted over the JSON API; then
   经信委 returns it for correction and the applicant corrects it, again and again, until N task
   completions (each return and each correction is one) have been made. Only the completion
   request (POST /api/v1/tasks/<id>/complete) is timed; after each, the saved state's size is read
   from the database file.
3. Completion p50 over the W completions around the 10th and over the last W (around the Nth), the
   state size at both points, and their ratio, printed as one line of issue 16's table.

The shipped process loops cheaply over HTTP (a return and a correction are two plain form posts),
so the bench goes through the whole stack, as a user's long case would.
Stdlib plus the project's own packages; every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from harness.api import APPLICANTS, APPLICATION, PASSWORD, PROGRAM, ApiClient
from harness.measure import Timings, percentile, target_line
from harness.server import REPO, Gunicorn, app_env, free_port, prepare_database

sys.path.insert(0, str(REPO))
from workflows.programs import required_documents

EARLY = 10  # the completion the early window is centred on
TARGET_RATIO = 1.5
MAX_STEPS = 2_000


class LongCase:
    """One application driven through correction rounds; each completion timed, each state measured."""

    def __init__(self, port: int, database: Path) -> None:
        self.timings = Timings()
        self.api = ApiClient(port, self.timings)
        self.database = database
        self.applicant = APPLICANTS[0]
        self.tokens = {
            user: self.api.call("token", "POST", "/api/v1/auth/token", body={"username": user, "password": PASSWORD})[
                "token"
            ]
            for user in (self.applicant, "jxw")
        }
        self.durations: list[float] = []  # seconds, one per completion, in order
        self.sizes: list[int] = []  # saved state bytes after each completion

    def submit(self) -> None:
        token = self.tokens[self.applicant]
        created = self.api.call(
            "create", "POST", "/api/v1/applications", token, {"program": PROGRAM, "data": APPLICATION}, 201
        )
        self.application_id = created["id"]
        for document in required_documents(PROGRAM):  # submission refuses without them
            self.api.upload("upload", f"/api/v1/applications/{self.application_id}/attachments", token, document.code)
        self.api.call("submit", "POST", f"/api/v1/applications/{self.application_id}/submit", token, {})

    def complete(self, step: str, user: str, data: dict) -> None:
        token = self.tokens[user]
        path = f"/api/v1/tasks?application_id={self.application_id}"
        tasks = [t for t in self.api.call("list_tasks", "GET", path, token)["tasks"] if t["step"] == step]
        if not tasks:
            raise RuntimeError(f"{user} sees no open {step} task for application {self.application_id}")
        self.api.call("complete", "POST", f"/api/v1/tasks/{tasks[0]['id']}/complete", token, {"data": data})
        self.durations.append(self.timings.samples["complete"][-1])
        self.sizes.append(self.state_size())

    def state_size(self) -> int:
        with sqlite3.connect(self.database) as conn:
            (size,) = conn.execute(
                "SELECT length(CAST(state AS BLOB)) FROM process_instances ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return int(size)

    def run(self, steps: int) -> None:
        self.submit()
        round_no = 0
        while len(self.durations) < steps:
            round_no += 1
            self.complete(
                "accept", "jxw", {"decision": "return", "correction_items": f"第{round_no}次补正：证书复印件不清晰"}
            )
            if len(self.durations) < steps:
                reply = {**APPLICATION, "correction_reply": f"第{round_no}次已补正"}
                self.complete("correct", self.applicant, reply)


def windows(steps: int, window: int) -> tuple[range, range]:
    """Completion numbers (1-based) around the 10th and the last W, not overlapping."""
    late = range(steps - window + 1, steps + 1)
    early_end = min(EARLY + window // 2, late.start - 1)
    early = range(max(1, early_end - window + 1), early_end + 1)
    return early, late


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=200, help="task completions of the one case (200)")
    parser.add_argument("--window", type=int, default=10, help="completions in the p50 around each point (10)")
    parser.add_argument("--port", "-p", type=int, default=0, help="port on 127.0.0.1 (a free one)")
    args = parser.parse_args(argv)
    if args.window < 1 or args.steps < 2 * args.window or args.steps > MAX_STEPS:
        parser.error(f"need 1 <= --window and 2 x --window <= --steps <= {MAX_STEPS}")

    with tempfile.TemporaryDirectory(prefix="sme-bench-") as tmp:
        database = Path(tmp) / "bench.db"
        env = app_env(f"sqlite:///{database}")
        port = free_port(args.port)
        print("preparing sqlite database (flask db upgrade, seed, demo) ...", flush=True)
        prepare_database(env)
        server = Gunicorn(env, port, 1, 1, Path(tmp) / "gunicorn.log")
        try:
            server.wait_ready()
            print(f"gunicorn on 127.0.0.1:{port}; one case to {args.steps} completions ...", flush=True)
            case = LongCase(port, database)
            try:
                case.run(args.steps)
            except Exception:
                print(f"--- gunicorn log (tail) ---\n{server.log_tail()}", file=sys.stderr)
                raise
            finally:
                case.api.close()
        finally:
            server.stop()

    early, late = windows(args.steps, args.window)
    p_early = percentile([case.durations[i - 1] for i in early], 50) * 1000
    p_late = percentile([case.durations[i - 1] for i in late], 50) * 1000
    ratio = p_late / p_early
    size_early, size_late = case.sizes[EARLY - 1 if args.steps >= EARLY else 0] / 1000, case.sizes[-1] / 1000
    print(
        target_line(
            "completion at step 200 / step 10 of one case",  # the row of issue 16, whatever the size
            f"{p_late:.1f} / {p_early:.1f} ms ({ratio:.2f}×); state {size_early:.1f} → {size_late:.1f} kB",
            f"≤ {TARGET_RATIO}×",
            ratio <= TARGET_RATIO,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
