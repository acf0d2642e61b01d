"""Use cases of the audit slice: record a read of confidential data, verify the chain, list
entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from ipcredit.audit import store
from ipcredit.audit.chain import Verdict, verify
from ipcredit.audit.listener import entry, pending
from ipcredit.audit.models import AuditEntry
from ipcredit.db.uow import UnitOfWork


def record_read(uow: UnitOfWork, what: str, object_type: str, object_id: Any, summary: str,
                case_id: int | None = None) -> None:
    """Log a read of confidential data (case facts, interviews, evidence, issued reports) and
    commit it: the entry is chained like any change."""
    pending(uow.s).append(entry(f"read:{what}", object_type, str(object_id), summary, case_id))
    uow.commit()


def verify_chain(uow: UnitOfWork) -> Verdict:
    conn = uow.s.connection()
    return verify(store.walk(conn), store.head(conn))


def entries(uow: UnitOfWork, case_id: int | None = None, actor: str | None = None,
            since: dt.date | None = None, until: dt.date | None = None, limit: int = 200) -> list[dict]:
    stmt = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if case_id is not None:
        stmt = stmt.where(AuditEntry.case_id == case_id)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if since:
        stmt = stmt.where(AuditEntry.at >= since.isoformat())
    if until:
        stmt = stmt.where(AuditEntry.at < (until + dt.timedelta(days=1)).isoformat())
    return [{"seq": e.seq, "at": e.at, "actor": e.actor, "role": e.role, "action": e.action,
             "object": f"{e.object_type}#{e.object_id}", "case_id": e.case_id, "summary": e.summary,
             "source": e.source} for e in reversed(list(uow.s.scalars(stmt)))]
