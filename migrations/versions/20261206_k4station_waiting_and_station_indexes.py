"""station pages at scale: people.waiting_since (stored, filled from claims and visits) with
the index (registered_station_id, waiting_since, id) for 等待最久的求职者, and (station_id, at)
indexes of station_visits and service_records for the dashboard's day and 30-day counts

Revision ID: k4station
Revises: l4exports
Create Date: 2026-12-06 06:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "k4station"
down_revision = "l4exports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True))
    # as jobhub.gigs.dispatch.waiting_since: the last gig finished, else the first station
    # visit, else the registration
    op.execute(
        "UPDATE people SET waiting_since = COALESCE("
        "(SELECT max(c.completed_at) FROM gig_claims c WHERE c.person_id = people.id"
        " AND c.status IN ('completed', 'paid', 'unpaid')),"
        " (SELECT min(v.at) FROM station_visits v WHERE v.person_id = people.id),"
        " people.created_at)"
    )
    op.create_index(
        "ix_people_station_waiting", "people", ["registered_station_id", "waiting_since", "id"]
    )
    op.create_index("ix_station_visits_station_at", "station_visits", ["station_id", "at"])
    op.create_index("ix_service_records_station_at", "service_records", ["station_id", "at"])


def downgrade():
    op.drop_index("ix_service_records_station_at", table_name="service_records")
    op.drop_index("ix_station_visits_station_at", table_name="station_visits")
    op.drop_index("ix_people_station_waiting", table_name="people")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("waiting_since")
