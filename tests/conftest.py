"""Fixtures: a real, migrated database per test (SQLite and PostgreSQL), the app, and actors.

Every test that takes `app` runs twice, once per database backend, unless it is marked
`sqlite_only` (the browser tests, which exercise the UI rather than the database).
"""

from __future__ import annotations

import pytest

from tests.support.actors import Api
from tests.support.databases import PostgresTemplate, SqliteTemplate
from webapp import create_app
from webapp.department_work.services import kept_counts
from webapp.extensions import db

BACKENDS = {"sqlite": SqliteTemplate, "postgresql": PostgresTemplate}


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: run against SQLite only")
    compile_translations()


def compile_translations():
    """Build the .mo catalogs the app reads (they are build output, not in git) when stale."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in Path(__file__).resolve().parent.parent.glob("webapp/translations/*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", ["sqlite"] if only else list(BACKENDS), indirect=True)


@pytest.fixture(scope="session")
def _templates():
    made = {}
    yield made
    for template in made.values():
        template.close()


@pytest.fixture
def backend(request, _templates):
    name = request.param
    if name not in _templates:
        _templates[name] = BACKENDS[name]()
    return _templates[name]


@pytest.fixture
def database_url(backend):
    url = backend.fresh()
    yield url
    backend.drop(url)


@pytest.fixture
def app(database_url, tmp_path):
    """No app context stays pushed: each request gets its own, with its own session, as in production."""
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "WTF_CSRF_ENABLED": False}
    app = create_app({**config, "UPLOAD_DIR": str(tmp_path / "uploads")})
    yield app
    with app.app_context():
        # Whatever the test did, the inbox's kept counts are what counting the tasks gives.
        drifted = kept_counts.disagreements()
    with app.app_context():
        db.engine.dispose()
    assert drifted == {}, "inbox_counts drifted from the task rows"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(client):
    """The JSON API as the demo accounts (and new applicants) use it."""
    return Api(client)
