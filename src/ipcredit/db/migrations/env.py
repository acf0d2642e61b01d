"""Alembic environment: the engine comes from ``config.attributes`` or the settings."""

from __future__ import annotations

from alembic import context

from ipcredit.db.base import load_all_models

config = context.config
target_metadata = load_all_models()


def _engine():
    engine = config.attributes.get("engine")
    if engine is None:
        from ipcredit.db.engine import make_engine
        from ipcredit.db.settings import get_settings

        engine = make_engine(get_settings().database_url)
    return engine


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
