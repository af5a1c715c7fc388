"""streets of the configured region (flask region setup)

Revision ID: h1streets
Revises: g3occfix
Create Date: 2026-12-05 19:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "h1streets"
down_revision = "g3occfix"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "streets",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("county_name", sa.String(length=40), nullable=False),
        sa.Column("city_name", sa.String(length=40), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lng", sa.Double(), nullable=False),
        sa.Column("point_source", sa.String(length=12), nullable=False),
        sa.Column("is_rural", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_streets")),
    )
    op.create_index(op.f("ix_streets_county_code"), "streets", ["county_code"])


def downgrade():
    op.drop_index(op.f("ix_streets_county_code"), table_name="streets")
    op.drop_table("streets")
