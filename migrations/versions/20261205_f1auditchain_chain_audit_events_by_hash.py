"""chain audit_events by hash: each row carries the previous row's hash and its own

Rows written before the chain are chained here, in id order. The append-only triggers are
lifted for that one pass and put back.

Revision ID: f1auditchain
Revises: f2unknownstatus
Create Date: 2026-12-05 14:40:00

"""

import sqlalchemy as sa
from alembic import op

from jobhub.security import chain

# revision identifiers, used by Alembic.
revision = "f1auditchain"
down_revision = "f2unknownstatus"
branch_labels = None
depends_on = None

_SQLITE_VERBS = ("UPDATE", "DELETE")


def _lift_append_only(postgres: bool) -> None:
    if postgres:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
    else:  # SQLite: a table rebuilt by batch mode loses its triggers anyway
        for verb in _SQLITE_VERBS:
            op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{verb.lower()}")


def _restore_append_only(postgres: bool) -> None:
    if postgres:
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change")
    else:
        for verb in _SQLITE_VERBS:
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    _lift_append_only(postgres)
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))

    events = sa.table(
        "audit_events",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime(timezone=True)),
        *(sa.column(name) for name in chain.FIELDS if name != "at"),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    prev = chain.GENESIS
    links = []
    for row in bind.execute(sa.select(events).order_by(events.c.id)).mappings():
        row_hash = chain.link_hash(prev, row)
        links.append({"row_id": row["id"], "p": prev, "r": row_hash})
        prev = row_hash
    if links:
        bind.execute(
            events.update()
            .where(events.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("p"), row_hash=sa.bindparam("r")),
            links,
        )

    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
    _restore_append_only(postgres)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    _lift_append_only(postgres)
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
    _restore_append_only(postgres)
