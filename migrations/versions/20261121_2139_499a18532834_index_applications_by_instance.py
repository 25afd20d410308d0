"""Index applications.instance_id: the timer worker finds the application of every instance it
wakes, and without the index that is a scan of the applications table per firing.

Revision ID: 499a18532834
Revises: e773b908cf4e
Create Date: 2026-11-21 21:39:22.093778

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '499a18532834'
down_revision = 'e773b908cf4e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_instance_id'), ['instance_id'], unique=False)



def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_instance_id'))

