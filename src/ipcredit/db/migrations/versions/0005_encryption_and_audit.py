"""encryption at rest (key check, wider text columns, existing data encrypted) and the
append-only audit chain (audit_entry, audit_head, triggers; case_event append-only too)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Columns that become TEXT: their ciphertext is longer than the old VARCHAR limit.
WIDENED = {
    "person": [("name", 100)],
    "user_account": [("display_name", 100)],
    "interview": [("place", 200), ("interviewer", 200), ("interviewees", 500)],
    "objection": [("filed_by", 100)],
}
APPEND_ONLY = {
    # table → columns protected from UPDATE (case_event.reason and .detail stay re-encryptable by
    # key rotation; AES-GCM with the row in the associated data keeps them from being altered
    # undetected: a row can only be given a ciphertext made for that very row and column)
    "audit_entry": None,
    "case_event": ["id", "case_id", "at", "actor", "action", "from_state", "to_state"],
}


def upgrade() -> None:
    op.create_table('key_check',
    sa.Column('key_id', sa.String(length=40), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_key_check'))
    )
    op.create_table('audit_entry',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=False),
    sa.Column('object_id', sa.String(length=200), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entry'))
    )
    op.create_index(op.f('ix_audit_entry_actor'), 'audit_entry', ['actor'], unique=False)
    op.create_index(op.f('ix_audit_entry_case_id'), 'audit_entry', ['case_id'], unique=False)
    head = op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    if op.get_bind().dialect.name == "postgresql":  # SQLite does not enforce VARCHAR lengths
        for table, cols in WIDENED.items():
            for col, length in cols:
                op.alter_column(table, col, existing_type=sa.String(length=length), type_=sa.Text(),
                                existing_nullable=False)
    _append_only_triggers()
    _encrypt_existing()


def _append_only_triggers() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("""
CREATE FUNCTION ipcredit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加，不能修改或删除 (% is append-only: % refused)', TG_TABLE_NAME, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$""")
        for table, cols in APPEND_ONLY.items():
            of = f" OF {', '.join(cols)}" if cols else ""
            op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE{of} ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION ipcredit_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION ipcredit_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION ipcredit_append_only()")
        return
    for table, cols in APPEND_ONLY.items():
        of = f" OF {', '.join(cols)}" if cols else ""
        op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE{of} ON {table} BEGIN "
                   f"SELECT RAISE(ABORT, '{table} 只能追加，不能修改 ({table} is append-only: UPDATE refused)'); END")
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN "
                   f"SELECT RAISE(ABORT, '{table} 只能追加，不能删除 ({table} is append-only: DELETE refused)'); END")


def _encrypt_existing() -> None:
    """Values and evidence files from before encryption are encrypted now, in this
    transaction, with the primary key of the keyring (which then is required); a database
    without such data only records the key check value (when a keyring is present)."""
    from ipcredit.db.base import load_all_models
    from ipcredit.db.settings import get_settings
    from ipcredit.security import keyring
    from ipcredit.security.keycheck import check_connection
    from ipcredit.security.rotation import encrypted_columns, evidence_files, reencrypt_batch, reencrypt_files

    bind = op.get_bind()
    columns = encrypted_columns(load_all_models())
    has_data = any(bind.execute(sa.select(sa.func.count()).select_from(c.table)
                                .where(c.table.c[c.name].is_not(None))).scalar() for c in columns)
    root = get_settings().evidence_dir
    has_files = any(True for _ in evidence_files(root))
    try:
        ring = keyring.load()
    except keyring.KeyringError:
        if has_data or has_files:
            raise
        return
    check_connection(bind)
    for col in columns:
        after = 0
        while after is not None:
            _, after = reencrypt_batch(bind, ring, col, after, 500)
    reencrypt_files(root, ring)


def downgrade() -> None:
    bind = op.get_bind()
    for table in APPEND_ONLY:
        for kind in ("no_update", "no_delete") + (("no_truncate",) if bind.dialect.name == "postgresql" else ()):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{kind}" + (f" ON {table}" if bind.dialect.name == "postgresql" else ""))
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ipcredit_append_only()")
    op.drop_table('audit_head')
    op.drop_index(op.f('ix_audit_entry_case_id'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_actor'), table_name='audit_entry')
    op.drop_table('audit_entry')
    op.drop_table('key_check')
