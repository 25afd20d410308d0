"""Statistics: roll-up tables the dashboard reads instead of every case and task row.

At 100,000 cases and 1,000,000 task rows the dashboard's aggregates over the base tables took
3–7 s (bench/statistics_queries.py). These tables hold the same figures grouped by every key the
dashboard groups or filters by; webapp/statistics/services/rollup.py builds them from the base
tables in one transaction, and statistics_snapshot records when and from which audit entry, so a
reader knows whether they are current. They hold nothing that is not in the base tables: the
next build after this migration fills them (the first dashboard view, the worker, or
`flask statistics refresh`).

Revision ID: c3f9a1d2e8b6
Revises: b5e1c0a2d911
Create Date: 2026-12-03 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f9a1d2e8b6'
down_revision = 'b5e1c0a2d911'
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=18, scale=2)


def _counts(*names):
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def upgrade():
    snapshot = op.create_table(
        'statistics_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('built_at', sa.DateTime(), nullable=True),
        sa.Column('audit_seq', sa.Integer(), nullable=False),
        sa.Column('build_ms', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(snapshot, [{'id': 1, 'built_at': None, 'audit_seq': -1, 'build_ms': 0}])
    op.create_table(
        'statistics_case_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('departments', sa.String(length=400), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=True),
        sa.Column('program', sa.String(length=32), nullable=False),
        sa.Column('prefecture', sa.String(length=64), nullable=True),
        sa.Column('county', sa.String(length=64), nullable=True),
        sa.Column('size', sa.String(length=16), nullable=True),
        sa.Column('industry', sa.String(length=50), nullable=True),
        *_counts('corrections', 'started', 'applications', 'accepted', 'approved', 'refused', 'withdrawn',
                 'paid_cases'),
        sa.Column('requested', AMOUNT, nullable=False),
        sa.Column('approved_amount', AMOUNT, nullable=False),
        sa.Column('paid', AMOUNT, nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_statistics_case_groups_scope', 'statistics_case_groups', ['month', 'program'])
    op.create_table(
        'statistics_step_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=64), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('program', sa.String(length=32), nullable=True),
        sa.Column('prefecture', sa.String(length=64), nullable=True),
        sa.Column('county', sa.String(length=64), nullable=True),
        sa.Column('completed', sa.Boolean(), nullable=False),
        sa.Column('working_days', sa.Integer(), nullable=True),
        *_counts('steps', 'with_deadline', 'late'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_statistics_step_groups_scope', 'statistics_step_groups', ['year', 'department_id', 'program'])
    op.create_table(
        'statistics_enterprise_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('program', sa.String(length=32), nullable=True),
        sa.Column('size', sa.String(length=16), nullable=True),
        sa.Column('prefecture', sa.String(length=64), nullable=True),
        sa.Column('county', sa.String(length=64), nullable=True),
        sa.Column('industry', sa.String(length=50), nullable=True),
        *_counts('registered', 'applied', 'supported'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_statistics_enterprise_groups_scope', 'statistics_enterprise_groups', ['department_id', 'year', 'program']
    )


    op.create_table(
        'statistics_call_money',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('fund_line_id', sa.Integer(), nullable=False),
        sa.Column('commitment', AMOUNT, nullable=False),
        sa.Column('payment', AMOUNT, nullable=False),
        sa.Column('release', AMOUNT, nullable=False),
        sa.Column('recovery', AMOUNT, nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_statistics_call_money_call_id', 'statistics_call_money', ['call_id'])
    op.create_index('ix_statistics_call_money_fund_line_id', 'statistics_call_money', ['fund_line_id'])


def downgrade():
    op.drop_index('ix_statistics_call_money_fund_line_id', table_name='statistics_call_money')
    op.drop_index('ix_statistics_call_money_call_id', table_name='statistics_call_money')
    op.drop_table('statistics_call_money')
    op.drop_index('ix_statistics_enterprise_groups_scope', table_name='statistics_enterprise_groups')
    op.drop_table('statistics_enterprise_groups')
    op.drop_index('ix_statistics_step_groups_scope', table_name='statistics_step_groups')
    op.drop_table('statistics_step_groups')
    op.drop_index('ix_statistics_case_groups_scope', table_name='statistics_case_groups')
    op.drop_table('statistics_case_groups')
    op.drop_table('statistics_snapshot')
