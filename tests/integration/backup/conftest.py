"""Databases for the backup tests: empty targets on SQLite and PostgreSQL (a fresh schema
each, not even migrated); ``backup_support.fill_with_demo`` fills a source."""

from __future__ import annotations

import pytest
from wf_support import Db, drop_pg_schema, open_pg_schema, pg_engine

from ipcredit.db.engine import make_engine


@pytest.fixture
def empty_store(tmp_path):
    """``empty_store(backend)``: an empty database and data directory."""
    made: list[tuple[Db, str | None]] = []

    def make(backend: str) -> Db:
        n = len(made)
        if backend == "sqlite":
            store, schema = Db("sqlite", make_engine(f"sqlite:///{tmp_path / f'db{n}.db'}"), tmp_path / f"data{n}"), None
        else:
            schema = open_pg_schema()
            store = Db("postgresql", pg_engine(schema), tmp_path / f"data{n}")
        made.append((store, schema))
        return store

    yield make
    for store, schema in made:
        store.engine.dispose()
        if schema:
            drop_pg_schema(schema)
