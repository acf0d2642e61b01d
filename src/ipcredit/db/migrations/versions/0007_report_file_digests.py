"""report file digests: the certificate's and the DOCX's SHA-256 beside the PDF's

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-24 20:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('docx_sha256', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('issued_report', schema=None) as batch_op:
        batch_op.drop_column('docx_sha256')
        batch_op.drop_column('certificate_sha256')
