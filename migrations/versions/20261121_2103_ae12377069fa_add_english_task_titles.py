"""Add human_tasks.title_en: process models are written in Chinese and carry English titles
as a step property, so the inbox and timelines can show a step in the reader's language.
Rows created before this have no English title and fall back to the Chinese one.

Revision ID: ae12377069fa
Revises: f79fd84a1459
Create Date: 2026-11-21 21:03:18.611096

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ae12377069fa'
down_revision = 'f79fd84a1459'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=300), nullable=True))



def downgrade():
    with op.batch_alter_table('human_tasks', schema=None) as batch_op:
        batch_op.drop_column('title_en')

