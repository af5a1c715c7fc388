"""gig and claim states of the lifecycle table (jobhub.gigs.states): 已满员, 已结清, 欠薪

Data only (status stays a String(20)): open gigs with no place left become ``full``; completed
claims with a payment become ``paid``, those with a non-payment report and no payment
``unpaid``. Past gigs are left for the daily job (``flask gigs expire``), which ends them on its
first run. Downgrade maps the new values back to the old ones (full → open, paid and unpaid →
completed; in_progress → open, completed and expired → closed).

Revision ID: f1gigstates
Revises: e1updatedidx
Create Date: 2026-12-05 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "f1gigstates"
down_revision = "e1updatedidx"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE gigs SET status = 'full' WHERE status = 'open' AND taken >= capacity")
    op.execute(
        "UPDATE gig_claims SET status = 'paid' WHERE status = 'completed' AND paid_at IS NOT NULL"
    )
    op.execute(
        "UPDATE gig_claims SET status = 'unpaid' WHERE status = 'completed' "
        "AND paid_at IS NULL AND nonpayment_reported_at IS NOT NULL"
    )


def downgrade():
    op.execute("UPDATE gig_claims SET status = 'completed' WHERE status IN ('paid', 'unpaid')")
    op.execute("UPDATE gigs SET status = 'open' WHERE status IN ('full', 'in_progress')")
    op.execute("UPDATE gigs SET status = 'closed' WHERE status IN ('completed', 'expired')")
