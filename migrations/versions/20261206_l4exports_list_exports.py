"""list exports in the background: who asked, the filters, progress and the file's name

Revision ID: l4exports
Revises: l4push
Create Date: 2026-12-06 06:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "l4exports"
down_revision = "l4push"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "list_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_list_exports_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_exports")),
    )
    op.create_index(op.f("ix_list_exports_user_id"), "list_exports", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_list_exports_user_id"), table_name="list_exports")
    op.drop_table("list_exports")
