"""Shared fixtures of the CLI end-to-end tests."""

from __future__ import annotations

import pytest
from wf_support import drop_pg_schema, open_pg_schema, pg_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def cli_env(request, tmp_path, monkeypatch):
    """A fresh data directory and database for CLI runs: SQLite, and a PostgreSQL schema of its own."""
    monkeypatch.setenv("IPCREDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("IPCREDIT_ACTOR", "cli-tester")
    if request.param == "sqlite":
        monkeypatch.delenv("IPCREDIT_DATABASE_URL", raising=False)
        yield tmp_path
        return
    schema = open_pg_schema()
    monkeypatch.setenv("IPCREDIT_DATABASE_URL", pg_schema_url(schema))
    yield tmp_path
    from ipcredit.db.uow import _ENGINES

    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()
    drop_pg_schema(schema)
