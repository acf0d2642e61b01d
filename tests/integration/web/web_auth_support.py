"""Helpers of the web integration tests (a module name no other test folder uses)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ipcredit.web.app import create_app

PASSWORD = "ipcredit-demo"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(settings, username: str, password: str = PASSWORD) -> TestClient:
    c = TestClient(create_app(settings), follow_redirects=False)
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 303, r.text
    return c


def fresh_demo_db(directory, url: str | None = None):
    """(settings, seed_demo summary, new_uow): a migrated database of its own (SQLite in
    ``directory`` unless ``url`` names one) with the demo data and logins — for tests that
    change what others rely on."""
    from wf_support import demo_database

    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.db.uow import UnitOfWork
    from ipcredit.demo.service import seed_demo
    from ipcredit.web.settings import WebSettings

    def seed(uow, on):
        summary = seed_demo(uow, on)
        seed_demo_logins(uow, on)
        return summary

    url = url or f"sqlite:///{directory / 'demo.db'}"
    _, factory, summary = demo_database(url, directory, seed)
    return WebSettings(database_url=url, data_dir=str(directory)), summary, lambda: UnitOfWork(factory, directory)
