"""Let administrators deactivate an account: users.active.

A person who leaves a department (or an enterprise that stops using the platform) must not keep
signing in, yet the row has to stay: task rows, ratings and the audit trail name it. Every existing
account stays active (server default true, rendered as 1 on SQLite and true on PostgreSQL).

Revision ID: 73f74137caf1
Revises: 4cd2b9ace110
Create Date: 2026-11-22 00:45:45.616734

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '73f74137caf1'
down_revision = '4cd2b9ace110'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('active')
