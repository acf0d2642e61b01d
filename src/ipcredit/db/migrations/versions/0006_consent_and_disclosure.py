"""consent and disclosure

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-24 20:02:04.461929
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_client')),
    sa.UniqueConstraint('name', name=op.f('uq_api_client_name')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_api_client_token_sha256'))
    )
    op.create_table('disclosure_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=30), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('granted_by', sa.String(length=100), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("scope IN ('verification_page','api')", name=op.f('ck_disclosure_consent_scope')),
    sa.ForeignKeyConstraint(['client_id'], ['api_client.id'], name=op.f('fk_disclosure_consent_client_id_api_client')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_disclosure_consent_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_consent'))
    )
    with op.batch_alter_table('disclosure_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_consent_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('disclosure_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['api_client.id'], name=op.f('fk_disclosure_log_client_id_api_client')),
    sa.ForeignKeyConstraint(['consent_id'], ['disclosure_consent.id'], name=op.f('fk_disclosure_log_consent_id_disclosure_consent')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_disclosure_log_enterprise_id_enterprise')),
    sa.ForeignKeyConstraint(['report_id'], ['issued_report.id'], name=op.f('fk_disclosure_log_report_id_issued_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_log'))
    )
    with op.batch_alter_table('disclosure_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_log_enterprise_id'), ['enterprise_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('disclosure_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_log_enterprise_id'))

    op.drop_table('disclosure_log')
    with op.batch_alter_table('disclosure_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_consent_enterprise_id'))

    op.drop_table('disclosure_consent')
    op.drop_table('api_client')
