"""Fresh, migrated databases for each test, on SQLite and on PostgreSQL.

Migrating per test would be slow, so each backend is migrated and seeded once into a
template (a file for SQLite, a template database for PostgreSQL) and every test gets a copy.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from tests.support.factories import open_standing_calls
from tests.support.postgres_server import ThrowawayPostgres

_counter = itertools.count(1)


def migrate_and_seed(url: str) -> None:
    """Run the real migration chain from an empty database, then the reference data."""
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.demo import accounts as demo
    from webapp.extensions import db
    from webapp.processes.services import seed

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        seed.seed_departments()
        seed.seed_processes(app.config["PROCESS_DIR"])
        demo.seed_demo_accounts(is_production=False)
        open_standing_calls()
        db.session.remove()
        db.engine.dispose()


class SqliteTemplate:
    name = "sqlite"

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="sme-sqlite-"))
        self.template = self.dir / "template.db"
        migrate_and_seed(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        path = self.dir / f"test_{next(_counter)}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresTemplate:
    """TEST_DATABASE_URL if given (a server we may create databases on), else a throwaway server."""

    name = "postgresql"

    def __init__(self) -> None:
        self.server = None
        base = os.environ.get("TEST_DATABASE_URL")
        if not base:
            self.server = ThrowawayPostgres()
            base = self.server.start()
        self.base = make_url(base)
        self._admin(f'DROP DATABASE IF EXISTS "{self._name("template")}"')
        self._admin(f'CREATE DATABASE "{self._name("template")}"')
        migrate_and_seed(self._url("template"))

    def _name(self, suffix: str) -> str:
        return f"sme_{suffix}"

    def _url(self, suffix: str) -> str:
        return self.base.set(database=self._name(suffix)).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        dsn = self.base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)

    def fresh(self) -> str:
        suffix = f"t{os.getpid()}_{next(_counter)}"
        self._admin(f'CREATE DATABASE "{self._name(suffix)}" TEMPLATE "{self._name("template")}"')
        return self._url(suffix)

    def drop(self, url: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
