"""Key rotation without downtime: re-encrypt every value and evidence file not yet under the
primary key, in small transactions (rows locked while rewritten), while the application keeps
running — readers accept any key of the keyring, writers use the primary. Also encrypts
plaintext left by a database from before encryption (migration 0005 uses the same code)."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import JSON, Table, select, update

from ipcredit.security import cipher
from ipcredit.security.fields import to_bytes
from ipcredit.security.keyring import Keyring

PLAINTEXT = "（明文 plaintext）"


@dataclass(frozen=True)
class Column:
    table: Table
    name: str

    @property
    def is_json(self) -> bool:
        return isinstance(self.table.c[self.name].type, JSON)


def encrypted_columns(metadata) -> list[Column]:
    return [Column(t, c.name) for t in metadata.sorted_tables for c in t.columns if c.info.get("encrypted")]


def _rekey(ring: Keyring, col: Column, row_id: str, value) -> str:
    table = col.table.name
    if cipher.is_ciphertext(value):
        plain = cipher.open_(ring, value, table, col.name, row_id)
    else:
        plain = to_bytes(value, col.is_json)
    return cipher.seal(ring, plain, table, col.name, row_id)


def _stale(ring: Keyring, value) -> bool:
    return value is not None and not (cipher.is_ciphertext(value) and cipher.key_id_of(value) == ring.primary)


def reencrypt_batch(conn, ring: Keyring, col: Column, after: int, size: int) -> tuple[int, int | None]:
    """Rewrite one batch of rows after primary key ``after``; (values rewritten, last key or None)."""
    pk, c = col.table.c.id, col.table.c[col.name]
    rows = conn.execute(select(pk, c).where(pk > after, c.is_not(None)).order_by(pk).limit(size)
                        .with_for_update()).all()
    done = 0
    for row_id, value in rows:
        if _stale(ring, value):
            conn.execute(update(col.table).where(pk == row_id).values({col.name: _rekey(ring, col, str(row_id), value)}))
            done += 1
    return done, (rows[-1][0] if rows else None)


def reencrypt_all(begin: Callable, ring: Keyring, columns: list[Column], size: int = 200,
                  on_batch: Callable[[str, int], None] | None = None) -> int:
    """Every encrypted column, batch by batch; ``begin()`` opens one transaction per batch."""
    total = 0
    for col in columns:
        after: int | None = 0
        while after is not None:
            with begin() as conn:
                done, after = reencrypt_batch(conn, ring, col, after, size)
            total += done
            if on_batch:
                on_batch(f"{col.table.name}.{col.name}", done)
    return total


def value_census(conn, columns: list[Column]) -> dict[str, Counter]:
    """How many values each key protects, per column (and plaintext values)."""
    out: dict[str, Counter] = {}
    for col in columns:
        count: Counter = Counter()
        for (value,) in conn.execute(select(col.table.c[col.name]).where(col.table.c[col.name].is_not(None))):
            if value is None:  # JSON null
                continue
            count[cipher.key_id_of(value) if cipher.is_ciphertext(value) else PLAINTEXT] += 1
        out[f"{col.table.name}.{col.name}"] = count
    return out


def evidence_files(root: Path) -> Iterator[Path]:
    if root.exists():
        for path in sorted(root.glob("??/*")):
            if path.is_file() and len(path.name) == 64:
                yield path


def file_census(root: Path) -> Counter:
    count: Counter = Counter()
    for path in evidence_files(root):
        with path.open("rb") as fh:
            head = fh.read(64)
        count[cipher.file_key_id(head) or PLAINTEXT] += 1
    return count


def reencrypt_files(root: Path, ring: Keyring) -> int:
    """Evidence files not under the primary key, rewritten atomically (address unchanged)."""
    done = 0
    for path in evidence_files(root):
        data = path.read_bytes()
        if cipher.file_key_id(data) == ring.primary:
            continue
        plain = cipher.open_file(ring, data, path.name) if cipher.is_encrypted_file(data) else data
        tmp = path.with_name(f".{path.name}.rekey")
        tmp.write_bytes(cipher.seal_file(ring, plain, path.name))
        os.replace(tmp, path)
        done += 1
    return done


def rotate_keys(engine, evidence_root: Path, columns: list[Column], batch: int = 200,
                on_batch: Callable[[str, int], None] | None = None) -> tuple[str, int, int]:
    """Add a new primary key to the key file, then re-encrypt every value and evidence file
    under it; returns (new key id, values rewritten, files rewritten)."""
    import datetime as dt
    import secrets

    from ipcredit.security import keyring
    from ipcredit.security.keycheck import check_connection

    ring = keyring.load()
    with engine.begin() as conn:
        check_connection(conn)           # the present keys must be the right ones before anything is rewritten
    new = keyring.new_key_id("k")
    ring.keys[new] = secrets.token_bytes(32)
    ring.created[new] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    ring.primary = new
    keyring.save(ring, keyring.key_file())
    with engine.begin() as conn:
        check_connection(conn)           # registers the new key's check value
    values = reencrypt_all(engine.begin, ring, columns, batch, on_batch)
    return new, values, reencrypt_files(evidence_root, ring)


def protected_by(engine, evidence_root: Path, columns: list[Column], key_id: str) -> int:
    with engine.connect() as conn:
        still = sum(c.get(key_id, 0) for c in value_census(conn, columns).values())
    return still + file_census(evidence_root).get(key_id, 0)


def retire_key(engine, evidence_root: Path, columns: list[Column], key_id: str) -> None:
    """Remove ``key_id`` from the key file, refused while it still protects anything."""
    from sqlalchemy import delete

    from ipcredit.domain_errors import RuleViolation
    from ipcredit.security import keyring
    from ipcredit.security.models import KeyCheck

    ring = keyring.load()
    if key_id not in ring.keys:
        raise RuleViolation(f"密钥环中没有密钥 {key_id} (no such key)")
    if key_id == ring.primary:
        raise RuleViolation(f"{key_id} 是主密钥，不能停用；请先 ipcredit keys rotate (the primary key cannot be retired)")
    still = protected_by(engine, evidence_root, columns, key_id)
    if still:
        raise RuleViolation(f"密钥 {key_id} 仍保护 {still} 个值/文件，请先运行 ipcredit keys rotate "
                            f"(key still protects {still} values/files)")
    with engine.begin() as conn:
        conn.execute(delete(KeyCheck).where(KeyCheck.key_id == key_id))
    del ring.keys[key_id]
    ring.created.pop(key_id, None)
    keyring.save(ring, keyring.key_file())
