"""The embedded database keeps what it acknowledged: SQLite in WAL mode syncs its log at every commit."""

import pytest
from sqlalchemy import text

from webapp.extensions import db


def test_sqlite_syncs_every_commit_of_its_write_ahead_log(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's durability setting")
    with app.app_context():
        journal = db.session.scalar(text("PRAGMA journal_mode"))
        synchronous = db.session.scalar(text("PRAGMA synchronous"))
    assert (journal, synchronous) == ("wal", 2)  # 2 = FULL: the log is synced at every commit
