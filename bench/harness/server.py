"""gunicorn serving the app on 127.0.0.1 from a throwaway (or a given scratch) database, prepared by
the real CLI."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


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


def prepare_database(env: dict, demo: tuple[str, ...] = ("--notice-days", "0")) -> None:
    """Migrate, seed and add the demo by the real CLI. By default the demo's calls pay at once: a
    public notice of 5 working days would refuse a chain's last step."""
    for args in (["db", "upgrade"], ["seed"], ["demo", *demo]):
        flask(env, *args)


def flask(env: dict, *args: str, timeout: float = 600) -> str:
    """`flask --app wsgi <args>` on the bench's database; its output, or SystemExit saying why not."""
    cmd = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"`flask {' '.join(args)}` failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout


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

    def kill_workers(self) -> int:
        """SIGKILL every worker (the arbiter starts new ones): a crash in the middle of requests."""
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True)
        pids = [int(p) for p in children.stdout.split()]
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return len(pids)

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
