"""A uvicorn server on a free 127.0.0.1 port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_server_support import demo_server_env, running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--lang=zh-CN"]


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    return demo_server_env(tmp_path_factory.mktemp("web-e2e"))


@pytest.fixture(scope="session")
def base_url(server_env, tmp_path_factory):
    with running_server(server_env, tmp_path_factory.mktemp("server") / "uvicorn.log") as url:
        yield url


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
