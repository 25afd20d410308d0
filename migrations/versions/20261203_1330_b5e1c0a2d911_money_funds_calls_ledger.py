"""The money: fund lines, calls for applications, the ledger; a case's call; where an enterprise is paid.

fund_lines hold each year's special-fund budget; funding_calls (申报批次) commit part of a line to one
program between two dates; ledger_entries record every commitment, payment tranche, release and
recovery (rows are only added). applications.call_id names the call a case was submitted under.
enterprises.bank_name/bank_account are the account a payment is made to. Existing cases keep
call_id NULL: they were submitted before calls existed and commit nothing.

Revision ID: b5e1c0a2d911
Revises: 5c1e0a7d9b24
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e1c0a2d911'
down_revision = '5c1e0a7d9b24'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'fund_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('region', sa.String(length=50), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('budget', sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column('planning_department_id', sa.Integer(), nullable=True),
        sa.Column('arranging_department_id', sa.Integer(), nullable=True),
        sa.Column('programs', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['arranging_department_id'], ['departments.id']),
        sa.ForeignKeyConstraint(['planning_department_id'], ['departments.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_fund_lines_year', 'fund_lines', ['year'])
    op.create_table(
        'funding_calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('program_code', sa.String(length=32), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('fund_line_id', sa.Integer(), nullable=False),
        sa.Column('lead_department_id', sa.Integer(), nullable=False),
        sa.Column('opens_on', sa.Date(), nullable=False),
        sa.Column('closes_on', sa.Date(), nullable=True),
        sa.Column('budget', sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column('ceiling', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('regions', sa.JSON(), nullable=True),
        sa.Column('notice_days', sa.Integer(), nullable=False),
        sa.Column('guide_eligibility', sa.Text(), nullable=False),
        sa.Column('guide_conditions', sa.Text(), nullable=False),
        sa.Column('guide_documents', sa.Text(), nullable=False),
        sa.Column('guide_time_limit', sa.Text(), nullable=False),
        sa.Column('guide_contact', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['fund_line_id'], ['fund_lines.id']),
        sa.ForeignKeyConstraint(['lead_department_id'], ['departments.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_funding_calls_program_code', 'funding_calls', ['program_code'])
    op.create_index('ix_funding_calls_fund_line_id', 'funding_calls', ['fund_line_id'])
    op.create_table(
        'ledger_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fund_line_id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('occurred_on', sa.Date(), nullable=False),
        sa.Column('voucher_no', sa.String(length=64), nullable=True),
        sa.Column('account', sa.String(length=200), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('article', sa.String(length=200), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id']),
        sa.ForeignKeyConstraint(['call_id'], ['funding_calls.id']),
        sa.ForeignKeyConstraint(['fund_line_id'], ['fund_lines.id']),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_ledger_entries_fund_line_id', 'ledger_entries', ['fund_line_id'])
    op.create_index('ix_ledger_entries_call_id', 'ledger_entries', ['call_id'])
    op.create_index('ix_ledger_entries_application_id', 'ledger_entries', ['application_id'])
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('call_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_applications_call_id', ['call_id'])
        batch_op.create_foreign_key('fk_applications_call_id', 'funding_calls', ['call_id'], ['id'])
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('bank_account', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('bank_account')
        batch_op.drop_column('bank_name')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint('fk_applications_call_id', type_='foreignkey')
        batch_op.drop_index('ix_applications_call_id')
        batch_op.drop_column('call_id')
    op.drop_table('ledger_entries')
    op.drop_table('funding_calls')
    op.drop_table('fund_lines')
