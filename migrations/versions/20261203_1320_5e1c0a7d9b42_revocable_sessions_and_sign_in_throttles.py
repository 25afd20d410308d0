"""Revocable sessions (users.session_generation) and throttled sign-ins (sign_in_throttles).

A session cookie carries the account's session generation; logout, a password change and
deactivation raise it, so a cookie copied before is refused on the server. Failed sign-ins are
counted per account and per client in sign_in_throttles, shared by every worker and node.
Existing accounts start at generation 0: sessions signed before this migration (whose user id
has no generation) are signed out once.

Revision ID: 5e1c0a7d9b42
Revises: 73f74137caf1
Create Date: 2026-12-03 13:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e1c0a7d9b42'
down_revision = '73f74137caf1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'sign_in_throttles',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_start', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttles')),
    )


def downgrade():
    op.drop_table('sign_in_throttles')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
