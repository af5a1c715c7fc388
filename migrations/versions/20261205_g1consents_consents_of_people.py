"""consents of people: purpose, text version, when, where and by whom given and withdrawn

The consents recorded before this table become version 1 of their purpose, given at their
known date: sensitive statuses at the earliest ``consented_at`` kept with them (at the counter
when staff recorded them, else online), sharing with employers at the person's last update (the
flag kept no date of its own). Downgrade drops the table; the statuses and the flag stay.

Revision ID: g1consents
Revises: f2retirecat
Create Date: 2026-12-05 18:00:00

"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "g1consents"
down_revision = "f2retirecat"
branch_labels = None
depends_on = None

LIVE = "withdrawn_at IS NULL AND replaced_at IS NULL"


def upgrade():
    consents = op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("text_version", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("given_via", sa.String(length=10), nullable=False),
        sa.Column("given_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_via", sa.String(length=10), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["given_by_id"], ["users.id"], name=op.f("fk_consents_given_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_consents_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"], ["users.id"], name=op.f("fk_consents_withdrawn_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "uq_consents_live_purpose",
            ["person_id", "purpose"],
            unique=True,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
    op.bulk_insert(consents, list(_existing_consents()))


def _existing_consents():
    """Version-1 consents for what people agreed to before consents had a table."""
    people = op.get_bind().execute(
        sa.text("SELECT id, user_id, sensitive, share_with_employers, updated_at FROM people")
    )
    for person_id, user_id, sensitive, shared, updated_at in people:
        if shared:
            yield _v1(person_id, "share_with_employers", _utc(updated_at), "online", None)
        if not sensitive:
            continue
        cipher = current_app.extensions["jobhub.cipher"]
        entries = json.loads(cipher.decrypt(sensitive, "people.sensitive")).values()
        dated = sorted(
            (_utc(datetime.fromisoformat(e["consented_at"])), e.get("recorded_by"))
            for e in entries
            if e.get("consented_at")
        )
        if not dated:
            continue
        given_at, by = dated[0]
        staff = by if by is not None and by != user_id else None
        via = "counter" if staff is not None else "online"
        yield _v1(person_id, "sensitive_statuses", given_at, via, staff)


def _v1(person_id, purpose, given_at, via, by):
    return {
        "person_id": person_id,
        "purpose": purpose,
        "text_version": 1,
        "given_at": given_at,
        "given_via": via,
        "given_by_id": by,
    }


def _utc(moment):
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is None:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def downgrade():
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index("uq_consents_live_purpose")
        batch_op.drop_index(batch_op.f("ix_consents_person_id"))
    op.drop_table("consents")
