"""The web application's unit-of-work factory (built by `create_app`; connects lazily)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from ipcredit.web.settings import WebSettings


def uow_factory(settings: WebSettings) -> Callable[[], object]:
    """A function returning a new `UnitOfWork`; the engine is made on first use."""
    from ipcredit.db.settings import get_settings

    defaults = get_settings()
    url = settings.database_url or defaults.database_url
    data_dir = Path(settings.data_dir).resolve() if settings.data_dir else defaults.data_dir

    @lru_cache(maxsize=1)
    def sessions():
        from ipcredit.db.engine import make_engine, session_factory

        return session_factory(make_engine(url))

    def make():
        from ipcredit.db.uow import UnitOfWork

        return UnitOfWork(sessions(), data_dir)

    return make


def check_database_keys(settings: WebSettings | None = None) -> None:
    """Raise ``KeyringError`` now when the data keys do not open the configured database."""
    from ipcredit.db.engine import make_engine
    from ipcredit.db.settings import get_settings
    from ipcredit.security.keycheck import ensure_keys

    url = (settings.database_url if settings else None) or get_settings().database_url
    engine = make_engine(url)
    try:
        ensure_keys(engine)
    finally:
        engine.dispose()
