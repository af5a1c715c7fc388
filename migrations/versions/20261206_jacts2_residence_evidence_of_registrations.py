"""居住证 (or the region's residence registration) as the evidence of a 常住地 失业登记

A registration by 常住地 names the kind of evidence, its number (encrypted) and the date it is
valid until; registrations by 户籍地 leave them empty, as every registration made before this
revision does.

Revision ID: jacts2
Revises: i3inbox
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "jacts2"
down_revision = "i3inbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unemployment_registrations") as batch_op:
        batch_op.add_column(sa.Column("residence_evidence", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("residence_evidence_number", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("residence_evidence_until", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("unemployment_registrations") as batch_op:
        batch_op.drop_column("residence_evidence_until")
        batch_op.drop_column("residence_evidence_number")
        batch_op.drop_column("residence_evidence")
