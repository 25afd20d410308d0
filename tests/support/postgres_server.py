"""A throwaway PostgreSQL server for the test suite, with no Python dependencies.

Why: tests need a real PostgreSQL (SQLite hides dialect differences), but the CI box is
a fresh Debian machine where we run as root and have only Debian's ``postgresql``
package. We therefore drive ``initdb``/``pg_ctl`` directly on a temp data directory,
tuned for speed (durability is worthless for a database that lives for one test run).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shlex
import shutil
import socket
import subprocess
import tempfile

USER = "sme"
DBNAME = "sme_test"


def find_pg_bin() -> pathlib.Path | None:
    """Return the newest ``/usr/lib/postgresql/<ver>/bin`` holding initdb and pg_ctl.

    Debian keeps server binaries off ``PATH`` (one dir per major version), so we look there.
    """

    def version(p: pathlib.Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    candidates = [
        p
        for p in pathlib.Path("/usr/lib/postgresql").glob("*/bin")
        if (p / "initdb").is_file() and (p / "pg_ctl").is_file()
    ]
    return max(candidates, key=version, default=None)


def _free_port() -> int:
    """Ask the kernel for an unused port (small race window; fine for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """Start a private server with ``start()``, get a URL, and ``stop()`` it to wipe everything."""

    def __init__(self) -> None:
        self.bin: pathlib.Path | None = None
        self.tmp: pathlib.Path | None = None
        self.port: int | None = None

    def _run(self, *args: str, as_server_user: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a command; PostgreSQL refuses to run as root, so drop to ``postgres`` if needed."""
        cmd = list(args)
        if as_server_user and os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # cwd=tmp: the postgres user may not be able to enter the caller's cwd (e.g. /root).
        return subprocess.run(cmd, cwd=self.tmp, capture_output=True, text=True, timeout=120)

    def _fail(self, what: str, proc: subprocess.CompletedProcess[str] | None = None) -> RuntimeError:
        """Build an error carrying command output and the server log tail, then clean up."""
        parts = [f"throwaway postgres: {what} failed"]
        if proc is not None:
            parts.append(f"exit {proc.returncode}\n{proc.stdout}{proc.stderr}".rstrip())
        log = self.tmp / "server.log" if self.tmp else None
        if log is not None and log.exists():
            tail = log.read_text(errors="replace").splitlines()[-30:]
            parts.append("--- server.log (tail) ---\n" + "\n".join(tail))
        self.stop()
        return RuntimeError("\n".join(parts))

    def start(self, durable: bool = False) -> str:
        """Create a cluster in a fresh temp dir, start it on 127.0.0.1, return a psycopg3 URL.

        `durable`: fsync and synchronous commit on, as a production server runs (the benches that
        report figures against targets); off for the suite, where durability buys nothing."""
        self.bin = find_pg_bin()
        if self.bin is None:
            raise RuntimeError(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;"
                " install them with `apt-get install postgresql`"
            )
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="pgtest-"))
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        os.chmod(self.tmp, 0o700)
        data, log = self.tmp / "data", self.tmp / "server.log"

        base = [
            str(self.bin / "initdb"),
            "-D",
            str(data),
            "--auth=trust",
            f"--username={USER}",
            "--encoding=UTF8",
            "--no-sync",
        ]
        proc = self._run(*base, "--locale=C.UTF-8")
        if proc.returncode != 0:  # C.UTF-8 absent on some images; plain C always exists.
            proc = self._run(*base, "--locale=C")
            if proc.returncode != 0:
                raise self._fail("initdb", proc)

        self.port = _free_port()
        opts = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.tmp),
            "fsync": "on" if durable else "off",
            "synchronous_commit": "on" if durable else "off",
            "full_page_writes": "on" if durable else "off",
            "max_connections": "100",
        }
        o = " ".join(f"-c {k}={shlex.quote(v)}" for k, v in opts.items())
        proc = self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-o", o, "-l", str(log), "start")
        if proc.returncode != 0:
            raise self._fail("pg_ctl start", proc)

        proc = self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            USER,
            DBNAME,
            as_server_user=False,
        )
        if proc.returncode != 0:
            raise self._fail("createdb", proc)
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{DBNAME}"

    def create_database(self, name: str) -> str:
        """Another empty database on this server (one per bench), and its URL."""
        proc = self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name, as_server_user=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"createdb {name} failed: {proc.stdout}{proc.stderr}")
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Kill the server immediately (no checkpoint needed) and delete its files; never raises."""
        if self.tmp is None:
            return
        if self.bin is not None and (self.tmp / "data" / "postmaster.pid").exists():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.tmp / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = self.port = None
