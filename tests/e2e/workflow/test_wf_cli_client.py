"""``ipcredit client``: API clients of banks — token printed once and stored hashed, listed,
disabled; a duplicate name is refused (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from wf_support import PG_URL, create_pg_schema, drop_pg_schema, new_pg_schema, pg_unavailable_reason

from ipcredit.cli.main import app, register_groups

if not any(g.name == "client" for g in app.registered_groups):
    register_groups()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def cli_env(request, tmp_path, monkeypatch):
    monkeypatch.setenv("IPCREDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("IPCREDIT_ACTOR", "cli-tester")
    if request.param == "sqlite":
        monkeypatch.delenv("IPCREDIT_DATABASE_URL", raising=False)
        yield tmp_path
        return
    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    schema = new_pg_schema()
    create_pg_schema(schema)
    monkeypatch.setenv("IPCREDIT_DATABASE_URL", f"{PG_URL}?options=-csearch_path%3D{schema}")
    yield tmp_path
    from ipcredit.db.uow import _ENGINES

    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()
    drop_pg_schema(schema)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_client_add_list_disable(cli_env):
    assert run("db", "upgrade").exit_code == 0
    added = run("client", "add", "示范银行杭州分行")
    assert added.exit_code == 0, added.output
    body = json.loads(added.stdout)
    assert body["token"].startswith("ipc_") and len(body["token"]) > 40
    listed = run("client", "list")
    assert "示范银行杭州分行" in listed.stdout and body["token"] not in listed.stdout
    again = run("client", "add", "示范银行杭州分行")
    assert again.exit_code == 1 and "已存在" in again.output
    assert run("client", "disable", str(body["id"])).exit_code == 0
    assert '"active": false' in run("client", "list").stdout
    missing = run("client", "disable", "999")
    assert missing.exit_code == 1 and "不存在" in missing.output
