"""occupation corrections and who made them

Revision ID: g3occfix
Revises: g2twofactor
Create Date: 2026-12-05 18:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "g3occfix"
down_revision = "g2twofactor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "occupation_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("suggested_code", sa.String(length=12), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_occupation_corrections_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation_corrections")),
        sa.UniqueConstraint(
            "title_key", "code", name=op.f("uq_occupation_corrections_title_key")
        ),
    )
    op.create_index(
        op.f("ix_occupation_corrections_title_key"), "occupation_corrections", ["title_key"]
    )
    op.create_index(op.f("ix_occupation_corrections_status"), "occupation_corrections", ["status"])
    op.create_table(
        "occupation_correction_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("correction_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["occupation_corrections.id"],
            name=op.f("fk_occupation_correction_votes_correction_id_occupation_corrections"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_occupation_correction_votes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation_correction_votes")),
        sa.UniqueConstraint(
            "correction_id", "user_id", name=op.f("uq_occupation_correction_votes_correction_id")
        ),
    )
    op.create_index(
        op.f("ix_occupation_correction_votes_correction_id"),
        "occupation_correction_votes",
        ["correction_id"],
    )


def downgrade():
    op.drop_index(
        op.f("ix_occupation_correction_votes_correction_id"),
        table_name="occupation_correction_votes",
    )
    op.drop_table("occupation_correction_votes")
    op.drop_index(op.f("ix_occupation_corrections_status"), table_name="occupation_corrections")
    op.drop_index(op.f("ix_occupation_corrections_title_key"), table_name="occupation_corrections")
    op.drop_table("occupation_corrections")
