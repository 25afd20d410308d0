"""Issued documents (回执, notices, decision letters), their gapless numbers and each department's settings.

issued_documents keeps every signed PDF with its hash and its number; document_counters holds the
last serial per department and year (incremented in the transaction that issues, so a rolled-back
issue leaves no gap); document_settings is what an administrator set for a department's letters.

Revision ID: d0c5a1e9b7f2
Revises: b7c41e9d2a05
Create Date: 2026-12-03 13:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd0c5a1e9b7f2'
down_revision = 'b7c41e9d2a05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_counters',
        sa.Column('department_id', sa.Integer(), sa.ForeignKey('departments.id'), primary_key=True),
        sa.Column('year', sa.Integer(), primary_key=True),
        sa.Column('last_serial', sa.Integer(), nullable=False),
    )
    op.create_table(
        'document_settings',
        sa.Column('department_id', sa.Integer(), sa.ForeignKey('departments.id'), primary_key=True),
        sa.Column('number_prefix', sa.String(32), nullable=False),
        sa.Column('reconsideration_body', sa.String(200), nullable=False),
        sa.Column('court', sa.String(200), nullable=False),
    )
    op.create_table(
        'issued_documents',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('application_id', sa.Integer(), sa.ForeignKey('applications.id'), nullable=False),
        sa.Column('task_id', sa.Integer(), sa.ForeignKey('human_tasks.id'), nullable=True),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('department_id', sa.Integer(), sa.ForeignKey('departments.id'), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(64), nullable=False),
        sa.Column('issuer', sa.String(100), nullable=False),
        sa.Column('addressee', sa.String(200), nullable=False),
        sa.Column('title', sa.String(100), nullable=False),
        sa.Column('token', sa.String(16), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('signer_subject', sa.Text(), nullable=True),
        sa.UniqueConstraint('department_id', 'year', 'serial', name='uq_issued_documents_number'),
        sa.UniqueConstraint('number', name='uq_issued_documents_number_text'),
        sa.UniqueConstraint('token', name='uq_issued_documents_token'),
    )
    op.create_index('ix_issued_documents_application_id', 'issued_documents', ['application_id'])


def downgrade():
    op.drop_index('ix_issued_documents_application_id', table_name='issued_documents')
    op.drop_table('issued_documents')
    op.drop_table('document_settings')
    op.drop_table('document_counters')
