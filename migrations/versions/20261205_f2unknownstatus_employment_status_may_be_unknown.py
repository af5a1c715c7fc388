"""people.employment_status may be unknown (NULL, shown 待核实); no default of 失业

Schema only: the column becomes nullable and new people get NULL unless a status is given.
Existing rows keep the status they have — a stored "unemployed" may once have been the old
default rather than an answer, but nothing tells the two apart, so nothing is reclassified
silently; staff correct a status when they next see the person (the walk-in and profile forms
accept a blank, which now means unknown). Downgrade writes "unemployed" into the NULLs, as
the old default did.

Revision ID: f2unknownstatus
Revises: f1gigstates
Create Date: 2026-12-05 15:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f2unknownstatus"
down_revision = "f1gigstates"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people") as batch_op:
        batch_op.alter_column(
            "employment_status", existing_type=sa.String(length=20), nullable=True
        )


def downgrade():
    op.execute("UPDATE people SET employment_status = 'unemployed' WHERE employment_status IS NULL")
    with op.batch_alter_table("people") as batch_op:
        batch_op.alter_column(
            "employment_status", existing_type=sa.String(length=20), nullable=False
        )
