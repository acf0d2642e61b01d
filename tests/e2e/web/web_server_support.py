"""Helpers of the web end-to-end tests: a free port, waiting for a server to answer, a demo
database and a running server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start in time")


def demo_server_env(data: Path) -> dict[str, str]:
    """Environment of a test server: its own SQLite database in ``data``, migrated, with the
    demo agency, cases and logins seeded through the real services."""
    import os

    from wf_support import demo_database

    url = f"sqlite:///{data / 'web.db'}"
    demo_database(url, data)[0].dispose()
    return {**os.environ, "IPCREDIT_DATABASE_URL": url, "IPCREDIT_DATA_DIR": str(data)}


@contextmanager
def running_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """``create_app`` under uvicorn on a free 127.0.0.1 port; yields its base URL."""
    import pytest

    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "ipcredit.web.app:create_app",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
    except RuntimeError as exc:
        proc.kill()
        pytest.fail(f"{exc}\n{log.read_text()}")
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
