"""A migrated SQLite database with the demo agency, cases and logins, and clients on it."""

from __future__ import annotations

import pytest

from ipcredit.web.settings import WebSettings


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    """(settings, seed summary): the demo data seeded once through the real services."""
    from wf_support import demo_database

    data = tmp_path_factory.mktemp("webdb")
    url = f"sqlite:///{data / 'web.db'}"
    _, _, summary = demo_database(url, data)
    return WebSettings(database_url=url, data_dir=str(data)), summary


@pytest.fixture
def app_settings(web_db):
    return web_db[0]
