"""The inbox's page read off an index: a department's open tasks by receipt and by due date.

Partial indexes (state = 'open') on (department_id, created_at, id) and (department_id, due_at, id):
the page of 25 is the first entries of one of them, however many open tasks the department has,
and completed tasks never enter them.

Revision ID: d5e2b8f1c7a4
Revises: a8d2f4c6e1b3
Create Date: 2026-12-04 13:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5e2b8f1c7a4"
down_revision = "a8d2f4c6e1b3"
branch_labels = None
depends_on = None

OPEN = sa.text("state = 'open'")


def upgrade():
    for name, column in (("ix_human_tasks_open_received", "created_at"), ("ix_human_tasks_open_due", "due_at")):
        op.create_index(name, "human_tasks", ["department_id", column, "id"], postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    op.drop_index("ix_human_tasks_open_due", table_name="human_tasks")
    op.drop_index("ix_human_tasks_open_received", table_name="human_tasks")
