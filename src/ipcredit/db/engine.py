"""Engine factory: SQLite (WAL, foreign keys, immediate write transactions) or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``. SQLite files get WAL mode, ``foreign_keys=ON`` and
    ``BEGIN IMMEDIATE`` so that concurrent writers queue instead of failing mid-way."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    return create_engine(url, pool_pre_ping=True, **{**pool_options(), **kwargs})


def pool_options() -> dict[str, int]:
    """Connection pool per process: ``IPCREDIT_DB_POOL_SIZE`` (default 16) connections kept,
    ``IPCREDIT_DB_MAX_OVERFLOW`` (default 8) more under bursts. Kept connections must cover the
    requests a worker runs at once, or connections are opened and closed per request (a
    PostgreSQL backend start each time): measured in docs/performance.md "Load"."""
    env = os.environ
    return {"pool_size": int(env.get("IPCREDIT_DB_POOL_SIZE") or 16),
            "max_overflow": int(env.get("IPCREDIT_DB_MAX_OVERFLOW") or 8)}


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" below emit BEGIN
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine``; every slice's models are loaded first so that foreign keys
    and relationships between slices resolve whichever command imported what."""
    from ipcredit.db.base import Base, load_all_models
    from ipcredit.security.fields import install
    from ipcredit.security.keycheck import ensure_keys

    load_all_models()
    install(Base)  # encrypted columns (SPEC §5)
    ensure_keys(engine)  # a missing or wrong data key stops here, with a clear message
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    from ipcredit.audit.listener import install as audit_changes

    audit_changes(factory)  # every change is chained into the audit log in its own transaction
    return factory
