"""``ipcredit client``: API clients of banks — token printed once and stored hashed, listed,
disabled; a duplicate name is refused (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ipcredit.cli.main import app, register_groups

if not any(g.name == "client" for g in app.registered_groups):
    register_groups()


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
