"""A freshly seeded demo database per test module, for tests that change shared state
(sampling, revocation, accounts) and must not disturb the session-wide ``web_db``."""

from __future__ import annotations

from pathlib import Path

from ipcredit.web.settings import WebSettings


def seeded_settings(folder: Path) -> WebSettings:
    from wf_support import demo_database

    url = f"sqlite:///{folder / 'web.db'}"
    demo_database(url, folder)[0].dispose()
    return WebSettings(database_url=url, data_dir=str(folder))


def other_agency_login(settings: WebSettings, username: str, role: str) -> None:
    """A second agency with one account of ``role`` (to check that agencies stay apart)."""
    from ipcredit.agencies.schemas import AgencyIn
    from ipcredit.agencies.service import register_agency
    from ipcredit.auth.service import create_user
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.uow import UnitOfWork

    engine = make_engine(settings.database_url)
    with UnitOfWork(session_factory(engine), Path(settings.data_dir)) as uow:
        agency = register_agency(uow, AgencyIn(code="OTHER", name="另一家信用评价公司"))
        create_user(uow, username, "other-agency-pw", role, agency_id=agency)
    engine.dispose()
