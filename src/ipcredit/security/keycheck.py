"""Start-up check: the keyring must open the key-check value of every key the database uses.
A missing or wrong key is a clear error (中文 + English) naming what to do, never a traceback
and never silent plaintext."""

from __future__ import annotations

import weakref

from sqlalchemy import Engine, inspect, select

from ipcredit.security import cipher, keyring
from ipcredit.security.keyring import KeyringError

CANARY = b"ipcredit key check v1"
_CHECKED: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def canary_token(ring: keyring.Keyring, key_id: str) -> str:
    one = keyring.Keyring(primary=key_id, keys={key_id: ring.key(key_id)}, source=ring.source)
    return cipher.seal(one, CANARY, "key_check", "token", key_id)


def verify_ring(ring: keyring.Keyring, rows: list[tuple[str, str]]) -> None:
    missing = [kid for kid, _ in rows if kid not in ring.keys]
    if missing:
        raise KeyringError(
            f"数据库中的数据由密钥 {', '.join(missing)} 加密，但当前密钥环（{ring.source}）中没有这些密钥；"
            f"请使用原来的密钥文件（IPCREDIT_KEY_FILE）或 IPCREDIT_DATA_KEYS，切勿新建密钥 "
            f"(the database needs key(s) {', '.join(missing)} which the keyring lacks)")
    for kid, token in rows:
        try:
            ok = cipher.open_(ring, token, "key_check", "token", kid) == CANARY
        except cipher.DecryptionError:
            ok = False
        if not ok:
            raise KeyringError(
                f"密钥 {kid} 与数据库不符（密钥错误或被替换）；请使用加密数据时的密钥文件 "
                f"(key {kid} in {ring.source} is not the key this database was encrypted with)")


def check_connection(conn) -> bool:
    """Check (and on first use register the primary key); False when the schema predates it."""
    from ipcredit.security.models import KeyCheck

    if not inspect(conn).has_table(KeyCheck.__tablename__):
        return False
    ring = keyring.load()
    rows = [tuple(r) for r in conn.execute(select(KeyCheck.key_id, KeyCheck.token))]
    verify_ring(ring, rows)
    if ring.primary not in {kid for kid, _ in rows}:
        conn.execute(KeyCheck.__table__.insert().values(key_id=ring.primary, token=canary_token(ring, ring.primary)))
    return True


def ensure_keys(engine: Engine) -> None:
    """Once per engine: the keyring matches the database (raises KeyringError otherwise)."""
    if engine in _CHECKED:
        return
    with engine.begin() as conn:
        if check_connection(conn):
            _CHECKED.add(engine)
