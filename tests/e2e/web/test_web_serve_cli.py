"""``ipcredit serve`` starts uvicorn on 127.0.0.1 and the port given."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from web_server_support import free_port, wait_until_up


def ipcredit_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("ipcredit")
    return [str(exe)] if exe.exists() else [shutil.which("ipcredit") or "ipcredit"]


def test_serve_binds_localhost_and_answers(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*ipcredit_cmd(), "serve", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=5) as resp:
            spec = json.load(resp)
        assert "/api/v1/evaluate" in spec["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = log.read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{port}/" in text


def test_serve_refuses_a_bad_port():
    r = subprocess.run([*ipcredit_cmd(), "serve", "--port", "70000"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stdout == "" and "--port" in r.stderr and "Traceback" not in r.stderr


def test_user_demo_is_idempotent_and_logins_work(tmp_path):
    import os

    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path / "var")}
    env.pop("IPCREDIT_DATABASE_URL", None)
    run = lambda *args: subprocess.run([*ipcredit_cmd(), *args], capture_output=True, text=True, env=env, timeout=300)
    assert run("db", "upgrade").returncode == 0
    first = run("user", "demo", "--json")
    assert first.returncode == 0, first.stderr
    made = json.loads(first.stdout)
    assert made["seeded"] is True and "lead" in made["created"] and "enterprise3" in made["created"]
    again = json.loads(run("user", "demo", "--json").stdout)
    assert again["seeded"] is False and again["created"] == []
    text = run("user", "demo").stdout
    assert "ipcredit-demo" in text and "项目负责人" in text
    bad = run("user", "add", "x", "--role", "wizard", "--agency", "1", "--password-stdin")
    assert bad.returncode == 1 and "角色" in bad.stderr and "Traceback" not in bad.stderr
