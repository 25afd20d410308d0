"""Chain the audit trail by hashes, and make it append-only on SQLite too.

audit_entries gets seq (1, 2, 3 … without gaps), prev_hash and entry_hash: SHA-256 over the
previous entry's hash and the entry's canonical form (webapp/services/audit_chain.py, copied
below as it stood when this migration was written, so the chain built here never changes
meaning). audit_chain_head holds the last number and hash; writers lock it to append one at a
time. Existing entries are chained in id order.

SQLite had only the ORM's guard, so a bulk UPDATE or DELETE rewrote the log: triggers now refuse
both, as PostgreSQL's has since the first migration. On both databases the head may only move
forward and cannot be deleted.

Revision ID: b7c41e9d2a05
Revises: 5a7e3c1d9b20
Create Date: 2026-12-03 13:30:00

"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7c41e9d2a05'
down_revision = '5a7e3c1d9b20'
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64
SQLITE_TRIGGERS = {
    "audit_entries_no_update": "BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
    "audit_entries_no_delete": "BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
    "audit_chain_head_forward": "BEFORE UPDATE ON audit_chain_head WHEN NEW.seq < OLD.seq OR NEW.id != OLD.id "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain only grows'); END",
    "audit_chain_head_kept": "BEFORE DELETE ON audit_chain_head BEGIN SELECT RAISE(ABORT, 'the audit chain only grows'); END",
}
POSTGRES_HEAD_GUARD = """
CREATE OR REPLACE FUNCTION refuse_audit_chain_rewind() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq OR NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'the audit chain only grows';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""

entries = sa.table(
    'audit_entries',
    sa.column('id', sa.Integer), sa.column('at', sa.DateTime), sa.column('actor_id', sa.Integer),
    sa.column('action', sa.String), sa.column('subject_type', sa.String), sa.column('subject_id', sa.Integer),
    sa.column('application_id', sa.Integer), sa.column('data', sa.JSON), sa.column('seq', sa.Integer),
    sa.column('prev_hash', sa.String), sa.column('entry_hash', sa.String),
)
head = sa.table('audit_chain_head', sa.column('id', sa.Integer), sa.column('seq', sa.Integer),
                sa.column('entry_hash', sa.String))


def _digest(prev_hash, seq, row, data):
    form = json.dumps(
        [seq, row.at.isoformat(timespec="microseconds"), row.actor_id, row.action, row.subject_type,
         row.subject_id, row.application_id, data],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{form}".encode()).hexdigest()


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_entries_seq'), ['seq'])
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
    seq, last = _chain_existing()
    op.bulk_insert(head, [{"id": 1, "seq": seq, "entry_hash": last}])
    if postgres:
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only")
        op.execute(POSTGRES_HEAD_GUARD)
        op.execute("CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head "
                   "FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_rewind()")
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def _chain_existing():
    bind = op.get_bind()
    previous, seq = GENESIS_HASH, 0
    for row in bind.execute(sa.select(entries).order_by(entries.c.id)).all():
        seq += 1
        data = None if row.data is None else json.loads(json.dumps(row.data, ensure_ascii=False))
        digest = _digest(previous, seq, row, data)
        bind.execute(entries.update().where(entries.c.id == row.id).values(seq=seq, prev_hash=previous, entry_hash=digest))
        previous = digest
    return seq, previous


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_forward ON audit_chain_head")
        op.execute("DROP FUNCTION IF EXISTS refuse_audit_chain_rewind()")
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_entries_seq'), type_='unique')
        batch_op.drop_column('entry_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only")
