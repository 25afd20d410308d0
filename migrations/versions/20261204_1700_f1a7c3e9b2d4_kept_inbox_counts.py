"""The inbox's counts kept as tasks change: inbox_counts and the moments they are kept against.

A department's open tasks counted by program, application status, step, holder and due/received
bucket (webapp/department_work/services/kept_counts.py), so the inbox, the head's overview and the
API's total read a few hundred rows instead of grouping every open task.

Filled here against a reference at 1970-01-01: every task is then "received today" and due
"later" (or has no deadline), which needs no working-day calendar; the worker's first round (or the
first inbox view, which corrects for the tasks that crossed an edge since) moves them to today's
buckets.

Revision ID: f1a7c3e9b2d4
Revises: d5e2b8f1c7a4
Create Date: 2026-12-04 17:00:00

"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f1a7c3e9b2d4"
down_revision = "d5e2b8f1c7a4"
branch_labels = None
depends_on = None

EPOCH = datetime(1970, 1, 1)


def upgrade():
    op.create_table(
        "inbox_counts",
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("departments.id"), nullable=False),
        sa.Column("program_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=100), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("department_id", "program_code", "status", "step", "holder_id", "bucket"),
    )
    reference = op.create_table(
        "inbox_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("now", sa.DateTime(), nullable=False),
        sa.Column("today_start", sa.DateTime(), nullable=False),
        sa.Column("recent_start", sa.DateTime(), nullable=False),
        sa.Column("soon_end", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(
        reference,
        [{"id": 1, "version": 0, "now": EPOCH, "today_start": EPOCH, "recent_start": EPOCH, "soon_end": EPOCH}],
    )
    # Bucket = due * 3 + received against the 1970 reference: no deadline 0, a deadline "later" 9.
    op.execute(
        """
        INSERT INTO inbox_counts (department_id, program_code, status, step, holder_id, bucket, tasks)
        SELECT t.department_id, COALESCE(a.program_code, ''), COALESCE(a.status, ''), t.step,
               COALESCE(t.claimed_by_id, 0), CASE WHEN t.due_at IS NULL THEN 0 ELSE 9 END, COUNT(*)
        FROM human_tasks t LEFT JOIN applications a ON a.id = t.application_id
        WHERE t.state = 'open' AND t.department_id IS NOT NULL
        GROUP BY t.department_id, COALESCE(a.program_code, ''), COALESCE(a.status, ''), t.step,
                 COALESCE(t.claimed_by_id, 0), CASE WHEN t.due_at IS NULL THEN 0 ELSE 9 END
        """
    )


def downgrade():
    op.drop_table("inbox_reference")
    op.drop_table("inbox_counts")
