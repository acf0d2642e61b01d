"""The chain in the database: append under the head lock, and read it back in order."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from sqlalchemy import insert, select, update

from ipcredit.audit.chain import GENESIS, link
from ipcredit.audit.models import AuditEntry, AuditHead

ENTRY, HEAD = AuditEntry.__table__, AuditHead.__table__


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def lock_head(conn) -> tuple[int, str]:
    """The head row, locked for this transaction (PostgreSQL: SELECT … FOR UPDATE; SQLite
    already serialises writers with BEGIN IMMEDIATE). Created on first use."""
    stmt = select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1).with_for_update()
    row = conn.execute(stmt).first()
    if row is None:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            conn.execute(pg_insert(HEAD).values(id=1, seq=0, hash=GENESIS).on_conflict_do_nothing())
        else:
            conn.execute(insert(HEAD).prefix_with("OR IGNORE").values(id=1, seq=0, hash=GENESIS))
        row = conn.execute(stmt).first()
    return row.seq, row.hash


def append(conn, entries: list[dict[str, Any]]) -> None:
    seq, head = lock_head(conn)
    seq, head = link(entries, seq, head)
    conn.execute(insert(ENTRY), entries)
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(seq=seq, hash=head))


def head(conn) -> tuple[int, str] | None:
    row = conn.execute(select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1)).first()
    return (row.seq, row.hash) if row else None


def walk(conn, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every entry in sequence order, read in batches."""
    last = 0
    while True:
        rows = conn.execute(select(ENTRY).where(ENTRY.c.seq > last).order_by(ENTRY.c.seq).limit(batch)).mappings().all()
        if not rows:
            return
        for r in rows:
            yield dict(r)
        last = rows[-1]["seq"]
