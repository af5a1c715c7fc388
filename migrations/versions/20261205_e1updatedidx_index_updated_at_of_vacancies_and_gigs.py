"""index updated_at of vacancies and gigs (the matching index's change poll)

Revision ID: e1updatedidx
Revises: d1mergeareas
Create Date: 2026-12-05 12:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "e1updatedidx"
down_revision = "d1mergeareas"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.create_index("ix_vacancies_updated_at", ["updated_at"], unique=False)
    with op.batch_alter_table("gigs") as batch_op:
        batch_op.create_index("ix_gigs_updated_at", ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("gigs") as batch_op:
        batch_op.drop_index("ix_gigs_updated_at")
    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.drop_index("ix_vacancies_updated_at")
