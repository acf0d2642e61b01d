"""The migrations produce exactly the models' schema, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from ipcredit.db.base import load_all_models
from ipcredit.db.migrate import current_revision, head_revision, upgrade


def test_migrations_match_models(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(ctx, load_all_models())
    assert diff == []
    tables = set(inspect(db.engine).get_table_names())
    assert set(load_all_models().tables) <= tables


def test_upgrade_is_idempotent_and_at_head(db):
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision() is not None


def test_sqlite_pragmas(db):
    if db.backend != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
