"""public search indexes, notifications (站内消息), interviews, application messages, job
alerts and policy pushes

Revision ID: i3inbox
Revises: h1streets
Create Date: 2026-12-05 21:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "i3inbox"
down_revision = "h1streets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.create_index(
            "ix_vacancies_listing",
            ["status", "published_at", "valid_until", "kind"],
            unique=False,
        )
        batch_op.create_index(
            "ix_vacancies_listing_street",
            ["status", "street_code", "published_at", "valid_until", "kind"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("vacancies") as batch_op:
        batch_op.drop_index("ix_vacancies_listing_street")
        batch_op.drop_index("ix_vacancies_listing")
