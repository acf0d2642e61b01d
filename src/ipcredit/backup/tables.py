"""Rows of every table as portable JSON values, and back — the same on SQLite and PostgreSQL.

Columns are read and written through their storage type: a column whose ORM type transforms
values (an encrypting ``TypeDecorator``, say) is copied as stored, so encrypted fields stay
encrypted in a backup and keys never enter it. Dates and timestamps are ISO 8601 (UTC),
decimals strings, binary base64, JSON as JSON.
"""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import JSON, Column, MetaData, Table, select
from sqlalchemy.types import TypeDecorator, TypeEngine


def storage_type(t: TypeEngine) -> TypeEngine:
    while isinstance(t, TypeDecorator):
        t = t.impl_instance
    return t


def raw_table(table: Table) -> Table:
    """A copy of ``table`` whose columns have their storage types (no value conversion)."""
    cols = [Column(c.name, storage_type(c.type), primary_key=c.primary_key) for c in table.columns]
    return Table(table.name, MetaData(), *cols)


def _kind(t: TypeEngine) -> str:
    if isinstance(t, JSON):
        return "json"
    try:
        py = t.python_type
    except NotImplementedError:
        return "text"
    if py is dt.datetime:
        return "datetime"
    return {dt.date: "date", Decimal: "decimal", bytes: "bytes", bool: "bool"}.get(py, "plain")


def encode(value: Any, kind: str) -> Any:
    if value is None or kind in ("json", "plain", "text", "bool"):
        return value
    if kind == "datetime":
        if value.tzinfo is None:       # SQLite gives them back without their zone: stored in UTC
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(value: Any, kind: str) -> Any:
    if value is None or kind in ("json", "plain", "text"):
        return value
    return {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat, "decimal": Decimal,
            "bytes": base64.b64decode, "bool": bool}[kind](value)


def kinds(table: Table) -> list[str]:
    return [_kind(storage_type(c.type)) for c in table.columns]


def dump_rows(conn, table: Table) -> Iterator[list[Any]]:
    """Every row of ``table`` in primary-key order, as a list of portable values."""
    raw = raw_table(table)
    ks = kinds(table)
    stmt = select(raw).order_by(*raw.primary_key.columns)
    for row in conn.execution_options(stream_results=True, yield_per=500).execute(stmt):
        yield [encode(v, k) for v, k in zip(row, ks)]


def load_rows(conn, table: Table, columns: list[str], rows: list[list[Any]]) -> None:
    """Insert ``rows`` (portable values, in the order of ``columns``) into ``table``."""
    raw = raw_table(table)
    ks = dict(zip([c.name for c in table.columns], kinds(table)))
    batch = [{c: decode(v, ks[c]) for c, v in zip(columns, row)} for row in rows]
    for start in range(0, len(batch), 500):
        conn.execute(raw.insert(), batch[start:start + 500])
