"""App nodes and workers as separate processes on one database, as a deployment runs them:
gunicorn serving wsgi:app on a free port, `flask worker` polling. Each can be killed like a
machine that dies (SIGKILL to its whole process group)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent.parent


def node_env(database_url: str, workdir: Path, **more: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        APP_ENV="development",
        SECRET_KEY="two-nodes-share-one-secret-key-of-more-than-32-characters",
        FILE_STORE="database",
        MAIL_OUTBOX=str(workdir / "outbox.mbox"),
        PYTHONPATH=str(REPO),
        METRICS_ENABLED="0",
        **more,
    )
    return env


class Process:
    def __init__(self, cmd: list[str], env: dict, log: Path) -> None:
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        """As a machine that dies: no signal handler runs, requests in hand are cut."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            self._log.flush()
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


class AppNode(Process):
    def __init__(self, env: dict, workdir: Path, name: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**env, "UPLOAD_DIR": str(workdir / name / "uploads")}
        cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"]
        cmd += ["--threads", "2", "wsgi:app"]
        super().__init__(cmd, env, workdir / f"{name}.log")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"node exited:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):  # not listening yet, or still booting
                if requests.get(f"{self.base}/readyz", timeout=10).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"node not ready:\n{self.log_tail()}")


class Worker(Process):
    def __init__(self, env: dict, workdir: Path, name: str) -> None:
        cmd = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--interval", "0.3"]
        super().__init__(cmd, {**env, "UPLOAD_DIR": str(workdir / name / "uploads")}, workdir / f"{name}.log")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
