"""Document numbers (发文字号): per issuing department and year, gapless, never given twice.

The counter row is incremented by one UPDATE … RETURNING in the transaction that files the
document: PostgreSQL holds the row's lock until that transaction ends, so a second issuer waits
and reads the incremented value, and a rolled-back issue takes its number back with it.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import DocumentCounter


def next_serial(department_id: int, year: int) -> int:
    _ensure_counter(department_id, year)
    statement = (
        update(DocumentCounter)
        .where(DocumentCounter.department_id == department_id, DocumentCounter.year == year)
        .values(last_serial=DocumentCounter.last_serial + 1)
        .returning(DocumentCounter.last_serial)
    )
    return db.session.execute(statement).scalar_one()


def format_number(prefix: str, year: int, serial: int) -> str:
    """GB/T 9704: the code, the full year in 〔〕, the serial without 第 or leading zeros."""
    return f"{prefix}〔{year}〕{serial}号"


def _ensure_counter(department_id: int, year: int) -> None:
    """The year's row, created by whoever issues first; a concurrent creator's insert is a no-op."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DocumentCounter).values(department_id=department_id, year=year, last_serial=0)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["department_id", "year"]))
