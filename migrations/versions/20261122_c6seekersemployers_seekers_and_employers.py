"""seekers and employers: applications and their events, invitations, subsidy applications
and paid months, and the seeker's consent to show their contact details to employers

Revision ID: c6seekersemployers
Revises: 22a74883f624
Create Date: 2026-11-22 11:56:04.404798

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6seekersemployers'
down_revision = '22a74883f624'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('reason_code', sa.String(length=30), nullable=True),
    sa.Column('reason_note', sa.Text(), nullable=True),
    sa.Column('hired_on', sa.Date(), nullable=True),
    sa.Column('hire_facts', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_applications_person_id_people')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_applications_vacancy_id_vacancies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_vacancy_id'), ['vacancy_id'], unique=False)
        batch_op.create_index('uq_applications_live_pair', ['vacancy_id', 'person_id'], unique=True, sqlite_where=sa.text("status <> 'withdrawn'"), postgresql_where=sa.text("status <> 'withdrawn'"))

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_invitations_person_id_people')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_invitations_vacancy_id_vacancies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('vacancy_id', 'person_id', name=op.f('uq_invitations_vacancy_id'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('subsidy_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('monthly_contribution', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_subsidy_applications_decided_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_subsidy_applications_person_id_people')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_subsidy_applications_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_applications'))
    )
    with op.batch_alter_table('subsidy_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_applications_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_subsidy_applications_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subsidy_applications_status'), ['status'], unique=False)

    op.create_table('application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason_code', sa.String(length=30), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_application_events_actor_user_id_users')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_events_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_events_application_id'), ['application_id'], unique=False)

    op.create_table('subsidy_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['subsidy_applications.id'], name=op.f('fk_subsidy_payments_application_id_subsidy_applications')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_subsidy_payments_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_payments')),
    sa.UniqueConstraint('application_id', 'month', name=op.f('uq_subsidy_payments_application_id'))
    )
    with op.batch_alter_table('subsidy_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_payments_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_with_employers', sa.Boolean(), server_default=sa.text('false'), nullable=False))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('share_with_employers')

    with op.batch_alter_table('subsidy_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_payments_application_id'))
    op.drop_table('subsidy_payments')

    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_events_application_id'))
    op.drop_table('application_events')

    with op.batch_alter_table('subsidy_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_applications_status'))
        batch_op.drop_index(batch_op.f('ix_subsidy_applications_person_id'))
        batch_op.drop_index(batch_op.f('ix_subsidy_applications_code'))
    op.drop_table('subsidy_applications')

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_person_id'))
    op.drop_table('invitations')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('uq_applications_live_pair', sqlite_where=sa.text("status <> 'withdrawn'"), postgresql_where=sa.text("status <> 'withdrawn'"))
        batch_op.drop_index(batch_op.f('ix_applications_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_applications_status'))
        batch_op.drop_index(batch_op.f('ix_applications_person_id'))
    op.drop_table('applications')
