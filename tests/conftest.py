"""Fixtures: a real, migrated database per test (SQLite and PostgreSQL), the app, and actors.

Every test that takes `app` runs twice, once per database backend, unless it is marked
`sqlite_only` (the browser tests, which exercise the UI rather than the database).
"""

from __future__ import annotations

import pytest

from tests.support.actors import Api
from tests.support.databases import PostgresTemplate, SqliteTemplate
from webapp import create_app
from webapp.extensions import db

BACKENDS = {"sqlite": SqliteTemplate, "postgresql": PostgresTemplate}


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: run against SQLite only")


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
def app(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(client):
    """The JSON API as the demo accounts (and new applicants) use it."""
    return Api(client)
