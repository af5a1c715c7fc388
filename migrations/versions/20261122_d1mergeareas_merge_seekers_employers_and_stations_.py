"""merge seekers-employers and stations-gigs

Revision ID: d1mergeareas
Revises: c6seekersemployers, c7stationsgigs
Create Date: 2026-11-22 12:12:05.557701

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1mergeareas'
down_revision = ('c6seekersemployers', 'c7stationsgigs')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
