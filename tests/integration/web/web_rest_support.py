"""A freshly seeded demo database per test module, for tests that change shared state
(sampling, revocation, accounts) and must not disturb the session-wide ``web_db``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ipcredit.web.settings import WebSettings


def seeded_settings(folder: Path) -> WebSettings:
    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.migrate import upgrade
    from ipcredit.db.uow import UnitOfWork

    url = f"sqlite:///{folder / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine), folder) as uow:
        seed_demo_logins(uow, dt.date.today())
    engine.dispose()
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
