"""失业登记 and 就业困难人员认定 as acts, with the log of their changes

Statuses declared before this revision stay in ``people.sensitive`` as declarations: they were
never checked by staff, so no act is made from them (they show as 待认定 and grant nothing).

Revision ID: i2acts
Revises: i1imports
Create Date: 2026-12-05 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i2acts"
down_revision = "i1imports"
branch_labels = None
depends_on = None

LIVE_REGISTRATION = "status IN ('applied', 'registered')"
LIVE_CERTIFICATION = "status IN ('applied', 'certified')"


def _stamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        "unemployment_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_via", sa.String(length=10), nullable=False),
        sa.Column("residence", sa.String(length=10), nullable=False),
        sa.Column("residence_street_code", sa.String(length=12), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("certificate_number", sa.Text(), nullable=True),
        sa.Column("refusal_code", sa.String(length=30), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_unemployment_registrations_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_unemployment_registrations_station_id_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unemployment_registrations")),
    )
    with op.batch_alter_table("unemployment_registrations") as batch_op:
        for column in ("person_id", "station_id", "status"):
            batch_op.create_index(
                batch_op.f(f"ix_unemployment_registrations_{column}"), [column], unique=False
            )
        batch_op.create_index(
            "uq_unemployment_registrations_live",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text(LIVE_REGISTRATION),
            postgresql_where=sa.text(LIVE_REGISTRATION),
        )

    op.create_table(
        "difficulty_certifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_via", sa.String(length=10), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_difficulty_certifications_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_difficulty_certifications_station_id_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_difficulty_certifications")),
    )
    with op.batch_alter_table("difficulty_certifications") as batch_op:
        for column in ("person_id", "station_id", "status", "review_on"):
            batch_op.create_index(
                batch_op.f(f"ix_difficulty_certifications_{column}"), [column], unique=False
            )
        batch_op.create_index(
            "uq_difficulty_certifications_live",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text(LIVE_CERTIFICATION),
            postgresql_where=sa.text(LIVE_CERTIFICATION),
        )

    op.create_table(
        "act_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("certification_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason_code", sa.String(length=30), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_act_events_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["certification_id"],
            ["difficulty_certifications.id"],
            name=op.f("fk_act_events_certification_id_difficulty_certifications"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["unemployment_registrations.id"],
            name=op.f("fk_act_events_registration_id_unemployment_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_events")),
    )
    with op.batch_alter_table("act_events") as batch_op:
        for column in ("registration_id", "certification_id"):
            batch_op.create_index(batch_op.f(f"ix_act_events_{column}"), [column], unique=False)


def downgrade():
    op.drop_table("act_events")
    op.drop_table("difficulty_certifications")
    op.drop_table("unemployment_registrations")
