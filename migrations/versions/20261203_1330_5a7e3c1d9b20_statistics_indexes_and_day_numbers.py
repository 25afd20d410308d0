"""Statistics: indexes for the dashboard's aggregates and the working-day numbers table.

The dashboard counts submitted cases by year, program and status, groups enterprises by region,
size and industry, and measures working days per department and step from the task rows. Each
of those reads an index built here rather than the tables (bench/statistics_queries.py). Working days
between two dates become a subtraction of two rows of working_day_numbers (every day numbered by
the working days up to it); the table is filled by the application, not here, because the
numbers follow the working calendar and administrators' entries.

Revision ID: 5a7e3c1d9b20
Revises: 5e1c0a7d9b42
Create Date: 2026-12-03 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a7e3c1d9b20'
down_revision = '5e1c0a7d9b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'working_day_numbers',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    op.create_index(
        'ix_applications_statistics', 'applications', ['submitted_at', 'program_code', 'status', 'enterprise_id']
    )
    op.create_index('ix_enterprises_region', 'enterprises', ['region_prefecture', 'region_county'])
    op.create_index('ix_enterprises_size_industry', 'enterprises', ['size_class', 'industry'])
    op.create_index(
        'ix_human_tasks_statistics',
        'human_tasks',
        ['state', 'department_id', 'step', 'created_at', 'completed_at', 'due_at', 'application_id'],
    )
    op.create_index('ix_human_tasks_application_step', 'human_tasks', ['application_id', 'step', 'state'])


def downgrade():
    op.drop_index('ix_human_tasks_application_step', table_name='human_tasks')
    op.drop_index('ix_human_tasks_statistics', table_name='human_tasks')
    op.drop_index('ix_enterprises_size_industry', table_name='enterprises')
    op.drop_index('ix_enterprises_region', table_name='enterprises')
    op.drop_index('ix_applications_statistics', table_name='applications')
    op.drop_table('working_day_numbers')
