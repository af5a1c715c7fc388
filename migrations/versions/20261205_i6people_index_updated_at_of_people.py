"""index updated_at of people (the people index's change poll)

Revision ID: i6people
Revises: i5training
Create Date: 2026-12-05 21:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "i6people"
down_revision = "i5training"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.create_index("ix_people_updated_at", ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_index("ix_people_updated_at")
