"""``ipcredit keys`` / ``audit`` / ``export`` in fresh processes, on a key file: the key's
life cycle, and a missing or wrong key as a clear start-up error (never a traceback)."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "ipcredit")


def run(env, *args, code=0):
    result = subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def key_file_env(tmp_path) -> dict:
    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path / "var"), "IPCREDIT_ACTOR": "运维"}
    for name in ("IPCREDIT_DATABASE_URL", "IPCREDIT_DATA_KEYS", "IPCREDIT_KEY_FILE"):
        env.pop(name, None)
    return env


def test_key_life_cycle_and_clear_errors(tmp_path):
    env = key_file_env(tmp_path)
    keyfile = tmp_path / "var" / "keys" / "keyring.json"
    run(env, "keys", "init")
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"
    assert "已存在" in run(env, "keys", "init", code=1).stderr
    run(env, "keys", "init", "--if-missing")
    run(env, "db", "upgrade")
    run(env, "user", "demo")
    first = json.loads(keyfile.read_text())["primary"]
    assert "audit chain OK" in run(env, "audit", "verify").stdout
    assert f"{first} (primary)" in run(env, "keys", "status").stdout

    rotated = run(env, "keys", "rotate", "--batch", "5").stdout
    second = json.loads(keyfile.read_text())["primary"]
    assert second != first and second in rotated
    status = run(env, "keys", "status").stdout
    assert f"{first}: 0 个值/文件" in status
    run(env, "keys", "retire", first)
    facts = json.loads(run(env, "case", "show", "3").stdout)["facts"]
    assert facts and all("value" in f for f in facts)
    assert "audit chain OK" in run(env, "audit", "verify").stdout
    assert "主密钥" in run(env, "keys", "retire", second, code=1).stderr

    keyfile.rename(tmp_path / "away.json")                                  # missing key
    for args in (("audit", "verify"), ("case", "show", "3"), ("serve", "--port", "8765")):
        err = run(env, *args, code=1).stderr
        assert "找不到数据密钥" in err and "ipcredit keys init" in err, args
    run(env, "keys", "init")                                                # a new, unrelated keyring
    err = run(env, "case", "show", "3", code=1).stderr
    assert f"{second}" in err and "没有这些密钥" in err
    forged = json.loads((tmp_path / "away.json").read_text())
    forged["keys"][second]["key"] = base64.b64encode(b"x" * 32).decode()  # same key id, other bytes
    keyfile.write_text(json.dumps(forged))
    assert "与数据库不符" in run(env, "serve", "--port", "8765", code=1).stderr
    (tmp_path / "away.json").replace(keyfile)
    run(env, "case", "show", "3")


def test_audit_verify_exit_codes_and_export(tmp_path):
    env = key_file_env(tmp_path)
    env["IPCREDIT_DATA_KEYS"] = os.environ["IPCREDIT_DATA_KEYS"]
    run(env, "db", "upgrade")
    run(env, "user", "demo")
    assert "--deidentify" in run(env, "export", "-o", str(tmp_path / "out"), code=2).stderr
    made = run(env, "export", "--deidentify", "--k", "2", "-o", str(tmp_path / "out")).stdout
    assert "已导出" in made and (tmp_path / "out" / "evaluations.parquet").exists()
    shown = json.loads(run(env, "audit", "show", "--actor", "运维").stdout)
    assert any(e["action"] == "read:export" for e in shown)
    assert "IPCREDIT_DATA_KEYS" in run(env, "keys", "rotate", code=1).stderr
    db = sqlite3.connect(tmp_path / "var" / "ipcredit.db")
    db.execute("DROP TRIGGER audit_entry_no_update")
    db.execute("UPDATE audit_entry SET actor = 'nobody' WHERE seq = 3")
    db.commit()
    db.close()
    err = run(env, "audit", "verify", code=1).stderr
    assert "#3" in err and "edited" in err
