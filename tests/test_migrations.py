"""The migration chain builds the schema from an empty database and takes it down again."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from webapp import create_app
from webapp.extensions import db

CORE_TABLES = {
    "departments",
    "users",
    "enterprises",
    "api_tokens",
    "process_definitions",
    "process_instances",
    "human_tasks",
    "applications",
    "audit_entries",
}


def test_migrations_run_from_empty_to_head_and_back(backend):
    url = backend.fresh()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with app.app_context():
            downgrade(revision="base")
            assert CORE_TABLES.isdisjoint(inspect(db.engine).get_table_names())
            upgrade()
            assert set(inspect(db.engine).get_table_names()) >= CORE_TABLES
            db.engine.dispose()
    finally:
        backend.drop(url)


REWRITES = ["UPDATE audit_entries SET action = 'rewritten'", "DELETE FROM audit_entries"]


@pytest.mark.parametrize("statement", REWRITES, ids=["update", "delete"])
def test_the_audit_log_refuses_bulk_changes_outside_the_orm_on_both_databases(app, api, statement):
    api.apply()
    with app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert "rewritten" not in db.session.scalars(text("SELECT action FROM audit_entries")).all()


def test_the_audit_log_refuses_changes_through_the_orm(app, api):
    from sqlalchemy import select

    from webapp.models import AuditEntry

    api.apply()
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).first()
        entry.action = "rewritten"
        try:
            db.session.commit()
            raise AssertionError("the change was committed")
        except PermissionError as exc:
            assert "append-only" in str(exc)
        finally:
            db.session.rollback()
