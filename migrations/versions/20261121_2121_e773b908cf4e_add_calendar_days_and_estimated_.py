"""Add calendar_days (holidays and make-up working days entered by administrators, for years
the chinese-calendar package does not know yet) and human_tasks.due_is_estimate (a deadline
counted Monday to Friday because a year had no holiday data). Existing tasks are not estimates.

Revision ID: e773b908cf4e
Revises: ae12377069fa
Create Date: 2026-11-21 21:21:44.030613

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e773b908cf4e'
down_revision = 'ae12377069fa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('workday', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_calendar_days_entered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_days')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_days_day'))
    )
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_is_estimate', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.drop_column('due_is_estimate')

    op.drop_table('calendar_days')
