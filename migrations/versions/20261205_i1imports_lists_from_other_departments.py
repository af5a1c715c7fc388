"""lists from other departments (flask people import) and the people on them

Revision ID: i1imports
Revises: h1streets
Create Date: 2026-12-05 21:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i1imports"
down_revision = "h1streets"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_digest", sa.String(length=64), nullable=False),
        sa.Column("importer_user_id", sa.Integer(), nullable=True),
        sa.Column("importer", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_known", sa.Integer(), nullable=False),
        sa.Column("rows_bad", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["importer_user_id"],
            ["users.id"],
            name=op.f("fk_import_batches_importer_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
        sa.UniqueConstraint(
            "source", "file_digest", name=op.f("uq_import_batches_source")
        ),
    )
    op.create_index(op.f("ix_import_batches_source"), "import_batches", ["source"])
    op.create_table(
        "listed_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("id_number_hmac", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("listed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_listed_people_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listed_people")),
        sa.UniqueConstraint(
            "source", "id_number_hmac", name=op.f("uq_listed_people_source")
        ),
    )
    op.create_index(op.f("ix_listed_people_batch_id"), "listed_people", ["batch_id"])
    op.create_index(op.f("ix_listed_people_id_number_hmac"), "listed_people", ["id_number_hmac"])
    op.create_index(op.f("ix_listed_people_street_code"), "listed_people", ["street_code"])


def downgrade():
    op.drop_index(op.f("ix_listed_people_street_code"), table_name="listed_people")
    op.drop_index(op.f("ix_listed_people_id_number_hmac"), table_name="listed_people")
    op.drop_index(op.f("ix_listed_people_batch_id"), table_name="listed_people")
    op.drop_table("listed_people")
    op.drop_index(op.f("ix_import_batches_source"), table_name="import_batches")
    op.drop_table("import_batches")
