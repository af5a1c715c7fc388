"""retirement category of people (退休类别, asked at the counter where it decides)

Revision ID: f2retirecat
Revises: f1auditchain
Create Date: 2026-12-05 15:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f2retirecat"
down_revision = "f1auditchain"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("retirement_category", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("retirement_category")
