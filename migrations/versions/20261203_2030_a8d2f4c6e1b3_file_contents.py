"""Stored files in the database: file_contents holds a file's bytes under its SHA-256.

Used when FILE_STORE=database (several app nodes on one PostgreSQL: each reads what any stored);
the default, FILE_STORE=disk, keeps files under UPLOAD_DIR as before. Nothing moves by itself:
`flask files copy-to-database` copies a disk store's files into this table.

Revision ID: a8d2f4c6e1b3
Revises: c3f9a1d2e8b6
Create Date: 2026-12-03 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d2f4c6e1b3'
down_revision = 'c3f9a1d2e8b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'file_contents',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('sha256'),
    )


def downgrade():
    op.drop_table('file_contents')
