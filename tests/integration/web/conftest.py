"""A migrated SQLite database with the demo agency, cases and logins, and clients on it."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcredit.web.settings import WebSettings


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
