"""scheduled jobs that failed in a worker without a queue, for the admin's 后台任务 page

Revision ID: k3reach
Revises: jreach2texts
Create Date: 2026-12-06 03:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "k3reach"
down_revision = "jreach2texts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scheduled_job_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_job_failures")),
    )
    op.create_index(
        op.f("ix_scheduled_job_failures_failed_at"), "scheduled_job_failures", ["failed_at"]
    )


def downgrade():
    op.drop_index(op.f("ix_scheduled_job_failures_failed_at"), table_name="scheduled_job_failures")
    op.drop_table("scheduled_job_failures")
