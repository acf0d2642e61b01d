"""A uvicorn server on a free 127.0.0.1 port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from web_server_support import free_port, wait_until_up

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--lang=zh-CN"]


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    """Environment of the test server: its own SQLite database, migrated, with the demo
    agency, cases and logins seeded through the real services."""
    import datetime as dt

    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.migrate import upgrade
    from ipcredit.db.uow import UnitOfWork

    data = tmp_path_factory.mktemp("web-e2e")
    url = f"sqlite:///{data / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine), data) as uow:
        seed_demo_logins(uow, dt.date.today())
    engine.dispose()
    return {**os.environ, "IPCREDIT_DATABASE_URL": url, "IPCREDIT_DATA_DIR": str(data)}


@pytest.fixture(scope="session")
def base_url(server_env, tmp_path_factory) -> str:
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "ipcredit.web.app:create_app",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=server_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
    except RuntimeError as exc:
        proc.kill()
        pytest.fail(f"{exc}\n{Path(log).read_text()}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API keeps an event loop running in this thread while
    it is open, which would break later tests that call ``asyncio.run``."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (scripts/debian-packages.txt lists chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # A 4xx answer that a test provokes is logged by Chromium as a console error: not a bug.
    pg.on("console", lambda msg: errors.append(msg.text)
          if msg.type == "error" and not re.search(r"status of 4\d\d", msg.text) else None)
    yield pg
    context.close()
    assert not errors, f"browser console errors: {errors}"
