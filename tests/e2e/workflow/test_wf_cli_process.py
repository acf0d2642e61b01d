"""The installed ``ipcredit`` command in fresh processes (each command imports only what it
needs, so this catches models or settings that only work when everything is imported)."""

import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).parent / "ipcredit")


def run(env, *args, code=0):
    result = subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    return result


def test_commands_in_separate_processes(tmp_path):
    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path / "var"), "IPCREDIT_ACTOR": "proc"}
    env.pop("IPCREDIT_DATABASE_URL", None)
    missing = run(env, "agency", "list", code=1)
    assert "ipcredit db upgrade" in missing.stderr and "Traceback" not in missing.stderr
    run(env, "db", "upgrade")
    assert (tmp_path / "var" / "ipcredit.db").exists()
    run(env, "agency", "create", "PX", "进程测试机构", "--licence", "L", "--filing", "B")
    refused = run(env, "case", "apply", "1", "91110108MA01Q2R3TN", "某公司", code=1)
    assert refused.stdout == "" and "§4.1" in refused.stderr
    assert run(env, "objection", "due", "2026-09-28").stdout.strip() == "2026-10-13"
