"""Index a department's open tasks by receipt and by due date: the inbox sorts by both, and with
100,000 open tasks (bench/inbox.py) the page took ~200 ms on SQLite without these.

Revision ID: 863814937572
Revises: 71546a724119
Create Date: 2026-11-21 22:49:54.942620

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '863814937572'
down_revision = '71546a724119'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_human_tasks_department_state_created', ['department_id', 'state', 'created_at'], unique=False)
        batch_op.create_index('ix_human_tasks_department_state_due', ['department_id', 'state', 'due_at'], unique=False)



def downgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_human_tasks_department_state_due')
        batch_op.drop_index('ix_human_tasks_department_state_created')

