"""drop the list:push tag of the stored lists (with no other tag it named a 退役军人)

Revision ID: l4push
Revises: k3lists
Create Date: 2026-12-06 06:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "l4push"
down_revision = "k3lists"
branch_labels = None
depends_on = None


def upgrade():
    # 政策推送 now reads the encrypted detail; the next nightly refresh writes no such tag
    op.execute("DELETE FROM policy_snapshot_tags WHERE tag = 'list:push'")


def downgrade():
    # the tag is not rebuilt here: `flask --app wsgi lists refresh` at the earlier revision
    # writes it again
    pass
