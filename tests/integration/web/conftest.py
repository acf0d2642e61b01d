"""A migrated SQLite database with the demo agency, cases and logins, and clients on it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from ipcredit.web.app import create_app
from ipcredit.web.settings import WebSettings

PASSWORD = "ipcredit-demo"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    """(settings, seed summary): the demo data seeded once through the real services."""
    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.migrate import upgrade
    from ipcredit.db.uow import UnitOfWork

    data = tmp_path_factory.mktemp("webdb")
    url = f"sqlite:///{data / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine), data) as uow:
        summary = seed_demo_logins(uow, dt.date.today())
    return WebSettings(database_url=url, data_dir=str(data)), summary


@pytest.fixture
def app_settings(web_db):
    return web_db[0]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(settings, username: str, password: str = PASSWORD) -> TestClient:
    c = TestClient(create_app(settings), follow_redirects=False)
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 303, r.text
    return c
