"""Add what the applicant portal needs (issue 5): applications.query_code_hash, so anyone
holding an application number and its query code can look up the status without logging in;
applications.withdrawal_reason, kept with the case when an applicant withdraws before a
decision; and lookup_attempts, the failed public lookups of the last minutes, counted per
client to rate-limit guessing across all server processes. Existing applications have no query
code (they were submitted before there was one); both new columns are nullable.

Revision ID: 71546a724119
Revises: 499a18532834
Create Date: 2026-11-21 21:44:35.203254

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '71546a724119'
down_revision = '499a18532834'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lookup_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_attempts'))
    )
    with op.batch_alter_table('lookup_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_lookup_attempts_client_at', ['client', 'at'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('query_code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('query_code_hash')

    with op.batch_alter_table('lookup_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_lookup_attempts_client_at')

    op.drop_table('lookup_attempts')
