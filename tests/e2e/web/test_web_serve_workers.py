"""``ipcredit serve --workers N`` runs N uvicorn worker processes that each build the app from
the environment; ``--no-access-log`` keeps per-request lines out of the log."""

from __future__ import annotations

import os
import subprocess
import urllib.request

from test_web_serve_cli import ipcredit_cmd
from web_server_support import free_port, wait_until_up


def test_serve_with_two_workers_answers_and_stops(tmp_path):
    port = free_port()
    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path / "var")}
    env.pop("IPCREDIT_DATABASE_URL", None)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*ipcredit_cmd(), "serve", "--port", str(port), "--workers", "2", "--no-access-log"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc, seconds=60)
        for _ in range(5):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
                assert resp.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "2 个工作进程" in text and text.count("Started server process") >= 2, text[-2000:]
    assert "GET /healthz" not in text
