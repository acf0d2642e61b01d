"""Encrypted columns of the ORM, transparently: services keep reading and writing plain
values. A column declared ``mapped_column(..., info={"encrypted": True})`` is sealed just
before its row is written (``before_insert`` / ``before_update``) and opened when the row is
loaded (``load`` / ``refresh``); the associated data names table, column and primary key,
so the row's key must be known before the insert: it is taken from the sequence
(PostgreSQL) or allocated under SQLite's single-writer lock.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, event, func, select, text
from sqlalchemy.orm import Mapper, attributes
from sqlalchemy.orm.attributes import set_committed_value

from ipcredit.security import cipher, keyring

_INSTALLED: set[type] = set()
PLAIN = "ipcredit_plain"


def encrypted_columns(mapper: Mapper) -> dict[str, bool]:
    """attribute key → True when the column holds JSON, for every encrypted column."""
    out = {}
    for prop in mapper.column_attrs:
        col = prop.columns[0]
        if col.info.get("encrypted"):
            out[prop.key] = isinstance(col.type, JSON)
    return out


def encrypted_tables(metadata) -> dict[str, list[str]]:
    """table name → its encrypted column names (for rotation, status and the migration)."""
    return {t.name: [c.name for c in t.columns if c.info.get("encrypted")]
            for t in metadata.sorted_tables if any(c.info.get("encrypted") for c in t.columns)}


def row_id(mapper: Mapper, target: Any) -> str:
    return ",".join(str(v) for v in mapper.primary_key_from_instance(target))


def to_bytes(value: Any, is_json: bool) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) if is_json else str(value)).encode()


def from_bytes(data: bytes, is_json: bool) -> Any:
    return json.loads(data) if is_json else data.decode()


def install(base) -> None:
    """Attach the listeners to every mapped class with encrypted columns (once)."""
    for mapper in base.registry.mappers:
        cols = encrypted_columns(mapper)
        if cols and mapper.class_ not in _INSTALLED:
            _listen(mapper.class_, mapper, cols)
            _INSTALLED.add(mapper.class_)


def _listen(cls, mapper: Mapper, cols: dict[str, bool]) -> None:
    table = mapper.local_table.name

    def seal(_m, conn, target, insert: bool) -> None:
        if insert:
            _allocate_key(mapper, conn, target)
        ring, row, plain = keyring.load(), row_id(mapper, target), {}
        for key, is_json in cols.items():
            if not insert and not attributes.get_history(target, key).has_changes():
                continue
            value = getattr(target, key)
            if value is None:
                continue
            plain[key] = value
            setattr(target, key, cipher.seal(ring, to_bytes(value, is_json), table, mapper.columns[key].name, row))
        attributes.instance_state(target).info[PLAIN] = plain

    def restore(_m, _conn, target) -> None:
        for key, value in attributes.instance_state(target).info.pop(PLAIN, {}).items():
            set_committed_value(target, key, value)

    def open_loaded(target, _ctx, attrs=None) -> None:
        state = attributes.instance_state(target)
        ring, row = keyring.load(), row_id(mapper, target)
        for key, is_json in cols.items():
            value = state.dict.get(key)
            if value is None or (attrs is not None and key not in attrs):
                continue
            data = cipher.open_(ring, value, table, mapper.columns[key].name, row)
            set_committed_value(target, key, from_bytes(data, is_json))

    event.listen(cls, "before_insert", lambda m, c, t: seal(m, c, t, True))
    event.listen(cls, "before_update", lambda m, c, t: seal(m, c, t, False))
    event.listen(cls, "after_insert", restore)
    event.listen(cls, "after_update", restore)
    event.listen(cls, "load", open_loaded)
    event.listen(cls, "refresh", open_loaded)


def _allocate_key(mapper: Mapper, conn, target) -> None:
    """Give a new row its integer primary key before the INSERT."""
    pk = mapper.primary_key[0]
    key = mapper.get_property_by_column(pk).key
    if getattr(target, key) is not None:
        return
    if conn.dialect.name == "postgresql":
        seq = conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, :c))"),
                           {"t": mapper.local_table.name, "c": pk.name}).scalar_one()
    else:  # SQLite: one writer at a time (BEGIN IMMEDIATE); several rows may await one flush
        top = conn.execute(select(func.max(pk))).scalar() or 0
        slot = ("ipcredit_next_id", mapper.local_table.name)
        seq = max(top, conn.info.get(slot, 0)) + 1
        conn.info[slot] = seq
    setattr(target, key, seq)


def sealed_text(sqlite_length: int):
    """TEXT for an encrypted column that used to be VARCHAR(n): ciphertext is longer than n.
    SQLite does not enforce VARCHAR lengths, so its (unchanged) declared type is kept there."""
    from sqlalchemy import String, Text

    return Text().with_variant(String(sqlite_length), "sqlite")
