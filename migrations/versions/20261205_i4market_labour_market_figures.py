"""labour-market figures: wage and supply-demand cells, layoff reports, warning indicators, indexes

Revision ID: i4market
Revises: i6people
Create Date: 2026-12-05 21:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "i4market"
down_revision = "i6people"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "layoff_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_layoff_reports_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_layoff_reports_reported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layoff_reports")),
    )
    op.create_index(
        op.f("ix_layoff_reports_organisation_id"), "layoff_reports", ["organisation_id"]
    )
    op.create_index(op.f("ix_layoff_reports_planned_on"), "layoff_reports", ["planned_on"])
    op.create_table(
        "market_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("indicator", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_indicators")),
        sa.UniqueConstraint(
            "month", "street_code", "indicator", name=op.f("uq_market_indicators_month")
        ),
    )
    op.create_index(op.f("ix_market_indicators_month"), "market_indicators", ["month"])
    op.create_table(
        "wage_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("occupation_code", sa.String(length=12), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("n_vacancies", sa.Integer(), nullable=False),
        sa.Column("n_employers", sa.Integer(), nullable=False),
        *(sa.Column(f"p{p}", sa.Double(), nullable=False) for p in (10, 25, 50, 75, 90)),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wage_cells")),
        sa.UniqueConstraint(
            "period",
            "source",
            "area_code",
            "occupation_code",
            "level",
            name=op.f("uq_wage_cells_period"),
        ),
    )
    op.create_table(
        "supply_demand_cells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("occupation_code", sa.String(length=12), nullable=False),
        sa.Column("vacancies", sa.Integer(), nullable=False),
        sa.Column("seekers", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_demand_cells")),
        sa.UniqueConstraint(
            "period",
            "area_code",
            "level",
            "occupation_code",
            name=op.f("uq_supply_demand_cells_period"),
        ),
    )
    op.create_index(
        "ix_vacancies_occupation_published", "vacancies", ["occupation_code", "published_at"]
    )
    op.create_index("ix_vacancies_published_at", "vacancies", ["published_at"])
    op.create_index(op.f("ix_applications_hired_on"), "applications", ["hired_on"])
    op.create_index("ix_applications_created_at", "applications", ["created_at"])
    op.create_index("ix_people_created_at", "people", ["created_at"])


def downgrade():
    op.drop_index("ix_people_created_at", table_name="people")
    op.drop_index("ix_applications_created_at", table_name="applications")
    op.drop_index(op.f("ix_applications_hired_on"), table_name="applications")
    op.drop_index("ix_vacancies_published_at", table_name="vacancies")
    op.drop_index("ix_vacancies_occupation_published", table_name="vacancies")
    op.drop_table("supply_demand_cells")
    op.drop_table("wage_cells")
    op.drop_index(op.f("ix_market_indicators_month"), table_name="market_indicators")
    op.drop_table("market_indicators")
    op.drop_index(op.f("ix_layoff_reports_planned_on"), table_name="layoff_reports")
    op.drop_index(op.f("ix_layoff_reports_organisation_id"), table_name="layoff_reports")
    op.drop_table("layoff_reports")
