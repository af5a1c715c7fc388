"""accounts' consent to notifications by text (employers' contacts, station workers) and
people's résumés shared with an employer that invited them

Revision ID: jreach2texts
Revises: jacts2
Create Date: 2026-12-06 00:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "jreach2texts"
down_revision = "jacts2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_sms_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text_version", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("texts_on", sa.Date(), nullable=True),
        sa.Column("texts_sent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_account_sms_consents_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_sms_consents")),
    )
    op.create_index(op.f("ix_account_sms_consents_user_id"), "account_sms_consents", ["user_id"])
    op.create_index(
        "uq_account_sms_consents_live",
        "account_sms_consents",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )
    op.create_table(
        "resume_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("given_via", sa.String(length=10), nullable=False),
        sa.Column("given_by_id", sa.Integer(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_resume_shares_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_resume_shares_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_resume_shares_invitation_id_invitations"),
        ),
        sa.ForeignKeyConstraint(
            ["given_by_id"], ["users.id"], name=op.f("fk_resume_shares_given_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_shares")),
    )
    op.create_index(op.f("ix_resume_shares_person_id"), "resume_shares", ["person_id"])
    op.create_index(
        op.f("ix_resume_shares_organisation_id"), "resume_shares", ["organisation_id"]
    )
    op.create_index(
        "uq_resume_shares_live",
        "resume_shares",
        ["person_id", "organisation_id"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )


def downgrade():
    op.drop_index("uq_resume_shares_live", table_name="resume_shares")
    op.drop_index(op.f("ix_resume_shares_organisation_id"), table_name="resume_shares")
    op.drop_index(op.f("ix_resume_shares_person_id"), table_name="resume_shares")
    op.drop_table("resume_shares")
    op.drop_index("uq_account_sms_consents_live", table_name="account_sms_consents")
    op.drop_index(op.f("ix_account_sms_consents_user_id"), table_name="account_sms_consents")
    op.drop_table("account_sms_consents")
