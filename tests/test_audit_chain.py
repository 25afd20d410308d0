"""The audit trail proves it is whole: every entry is chained to the one before by a hash.

A changed, removed or inserted entry is named by `flask audit verify` and /admin/audit, on both
databases; writers at the same moment never fork the chain.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import func, select, text

from tests.support.races import at_once
from webapp.common import audit, audit_chain
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import AuditChainHead, AuditEntry, User


@contextmanager
def tampering(app):
    """As someone with the database's own password would: the append-only guards switched off."""
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:
            db.session.execute(text("SET session_replication_role = replica"))  # triggers do not fire
        else:
            db.session.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
            db.session.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
            db.session.execute(text("DROP TRIGGER IF EXISTS audit_chain_head_forward"))
        yield db.session
        db.session.commit()


def verify(app):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def entry_at(app, seq: int) -> int:
    with app.app_context():
        return db.session.scalar(select(AuditEntry.id).where(AuditEntry.seq == seq))


def test_a_whole_trail_verifies(api, app):
    api.apply()
    api.complete("jxw", "accept", decision="approve")

    code, output = verify(app)

    assert code == 0, output
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(AuditEntry))
        assert db.session.get(AuditChainHead, 1).seq == count
    assert f"intact: {count} entries" in output


def test_a_rewritten_entry_is_named_by_the_command_and_the_page(api, app):
    api.apply()
    api.complete("jxw", "accept", decision="approve")
    target = entry_at(app, 3)
    with tampering(app) as session:
        session.execute(text("UPDATE audit_entries SET action = 'task.forged' WHERE id = :id"), {"id": target})

    code, output = verify(app)

    assert code == 1
    assert f"entry #3 (row id {target})" in output and "does not match its hash" in output
    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": "demo12345"})
    page = client.get("/admin/audit", headers={"Accept-Language": "en"})
    assert page.status_code == 409
    assert "First broken link: entry #3." in page.get_data(as_text=True)


def test_a_removed_entry_and_a_cut_tail_are_found(api, app):
    api.apply()
    with app.app_context():
        last = db.session.scalar(select(func.max(AuditEntry.seq)))
    with tampering(app) as session:
        session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    assert "entry #3" in verify(app)[1] and "entry 2 is missing" in verify(app)[1]

    with tampering(app) as session:
        session.execute(text("DELETE FROM audit_entries WHERE seq >= 2"))
    code, output = verify(app)
    assert code == 1 and f"should reach entry {last}; it ends at 1" in output


def test_writers_at_the_same_moment_never_fork_the_chain(app):
    def write(index):
        with app.app_context():
            admin = db.session.scalar(select(User).where(User.username == "admin"))
            with unit_of_work():
                audit.record(admin, "test.concurrent", admin, data={"writer": index})
            return True

    results = at_once([lambda i=i: write(i) for i in range(8)])

    assert results == [True] * 8
    with app.app_context():
        assert audit_chain.verify_chain().intact
        written = select(func.count()).where(AuditEntry.action == "test.concurrent")
        assert db.session.scalar(written) == 8


def test_the_head_cannot_be_moved_back(app):
    from sqlalchemy.exc import DBAPIError

    with app.app_context():
        try:
            db.session.execute(text("UPDATE audit_chain_head SET seq = seq - 1"))
            db.session.commit()
            raise AssertionError("the head moved back")
        except DBAPIError as exc:
            assert "only grows" in str(exc)
        finally:
            db.session.rollback()
