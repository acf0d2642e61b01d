"""Unit of work: the only place that commits. Services receive one and call ``commit()``
once, after the change and the timeline/audit entries recording it were added."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session


class UnitOfWork:
    def __init__(self, session_factory: Callable[[], Session], data_dir: Path) -> None:
        self._factory = session_factory
        self.data_dir = data_dir
        self.session: Session | None = None

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.session is not None
        # Committed objects stay readable after the block (detached, not expired);
        # anything not committed is discarded.
        self.session.expunge_all()
        self.session.rollback()
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None, "unit of work not entered"
        self.session.commit()

    @property
    def s(self) -> Session:
        assert self.session is not None, "unit of work not entered"
        return self.session


def default_uow() -> UnitOfWork:
    """A unit of work on the configured database (``get_settings()``)."""
    from ipcredit.db.engine import session_factory
    from ipcredit.db.settings import get_settings

    settings = get_settings()
    engine = _engine_for(settings.database_url)
    return UnitOfWork(session_factory(engine), settings.data_dir)


_ENGINES: dict[str, object] = {}


def _engine_for(url: str):
    from ipcredit.db.engine import make_engine

    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]
