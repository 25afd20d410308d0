"""Trigram indexes for the inbox's two "contains" boxes (PostgreSQL).

The inbox finds the tasks of an enterprise whose name contains what was typed, and of an
application whose number contains it (`x ILIKE '%…%'`): a B-tree cannot serve that, so each view
read every enterprise and every application (about 70 ms each at 333,000 applications). GIN
indexes of pg_trgm's trigrams of the name and the number answer it in about a millisecond,
Chinese included (trigrams are taken of characters, in a UTF-8 database).

pg_trgm ships with PostgreSQL (Debian's postgresql-15) and is a trusted extension: a database owner
may create it. Where it cannot be created the searches still work, by reading the tables, and this
says so. SQLite has no such index: the embedded database reads the tables.

Revision ID: c2d8e5f3a1b9
Revises: b7e4d2a9c5f1
Create Date: 2026-12-04 18:00:00

"""

import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c2d8e5f3a1b9"
down_revision = "b7e4d2a9c5f1"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
INDEXES = {"ix_enterprises_name_trigrams": ("enterprises", "name"), "ix_applications_number_trigrams": ("applications", "number")}


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        log.warning("pg_trgm could not be created (%s): the inbox's searches will read the tables", exc.orig)
        return
    for name, (table, column) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
