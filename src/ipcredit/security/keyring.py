"""The keyring: versioned AES-256 data keys and HMAC pseudonym keys, never in the database.

Source, in this order: ``IPCREDIT_DATA_KEYS`` (the keyring JSON itself, for containers and
tests), else the key file ``IPCREDIT_KEY_FILE`` (default ``<data dir>/keys/keyring.json``,
mode 0600, written by ``ipcredit keys init``). A key file changed by ``ipcredit keys rotate``
while the application runs is re-read on the next use, so readers learn the new key at once.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ipcredit.domain_errors import RuleViolation

ENV_KEYS = "IPCREDIT_DATA_KEYS"
ENV_FILE = "IPCREDIT_KEY_FILE"
FORMAT = "ipcredit/keyring-v1"


class KeyringError(RuleViolation):
    """Keys missing, unreadable or not the ones the database was encrypted with."""


@dataclass
class Keyring:
    primary: str
    keys: dict[str, bytes]                       # key id → 32-byte AES key
    pseudonym_primary: str = ""
    pseudonym_keys: dict[str, bytes] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise KeyringError(
                f"密钥环中没有密钥 {key_id}，数据无法解密；请使用加密这些数据时的密钥文件或 {ENV_KEYS} "
                f"(key {key_id} is not in the keyring {self.source})") from None

    def to_json(self) -> dict:
        enc = lambda b: base64.b64encode(b).decode()  # noqa: E731
        return {"format": FORMAT, "primary": self.primary,
                "keys": {k: {"key": enc(v), "created": self.created.get(k, "")} for k, v in self.keys.items()},
                "pseudonym_primary": self.pseudonym_primary,
                "pseudonym_keys": {k: enc(v) for k, v in self.pseudonym_keys.items()}}


def new_key_id(prefix: str = "k") -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def generate() -> Keyring:
    kid, pid = new_key_id("k"), new_key_id("p")
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return Keyring(primary=kid, keys={kid: secrets.token_bytes(32)}, pseudonym_primary=pid,
                   pseudonym_keys={pid: secrets.token_bytes(32)}, created={kid: now})


def parse(text: str, source: str) -> Keyring:
    """A keyring from its JSON text; every problem names the source."""
    try:
        raw = json.loads(text)
        keys = {k: _key_bytes(v["key"] if isinstance(v, dict) else v) for k, v in raw["keys"].items()}
        created = {k: v.get("created", "") for k, v in raw["keys"].items() if isinstance(v, dict)}
        pkeys = {k: _key_bytes(v) for k, v in (raw.get("pseudonym_keys") or {}).items()}
        ring = Keyring(raw["primary"], keys, raw.get("pseudonym_primary", ""), pkeys, created, source)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyringError(f"密钥环 {source} 格式无效：{exc} (invalid keyring)") from None
    if ring.primary not in ring.keys:
        raise KeyringError(f"密钥环 {source} 的主密钥 {ring.primary} 不存在 (primary key missing)")
    return ring


def _key_bytes(text: str) -> bytes:
    data = base64.b64decode(text, validate=True)
    if len(data) != 32:
        raise ValueError(f"密钥应为 32 字节，得到 {len(data)} (a key must be 32 bytes)")
    return data


def key_file() -> Path:
    explicit = os.environ.get(ENV_FILE)
    if explicit:
        return Path(explicit).resolve()
    from ipcredit.db.settings import get_settings

    return get_settings().data_dir / "keys" / "keyring.json"


def from_environment() -> bool:
    return bool(os.environ.get(ENV_KEYS))


_CACHE: dict[str, tuple[float, Keyring]] = {}
_ENV_CACHE: dict[str, Keyring] = {}


def load() -> Keyring:
    """The keyring from the environment or the key file; a clear error when there is none."""
    text = os.environ.get(ENV_KEYS)
    if text:
        ring = _ENV_CACHE.get(text)
        if ring is None:
            _ENV_CACHE.clear()
            ring = _ENV_CACHE[text] = parse(text, ENV_KEYS)
        return ring
    path = key_file()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise KeyringError(
            f"找不到数据密钥：密钥文件 {path} 不存在，也未设置 {ENV_KEYS}。新部署请运行 ipcredit keys init；"
            f"已有数据请恢复原来的密钥文件或设置 {ENV_FILE} "
            f"(no data key: {path} missing and {ENV_KEYS} unset; run `ipcredit keys init` or restore the key file)") from None
    cached = _CACHE.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1]
    ring = parse(path.read_text(encoding="utf-8"), str(path))
    _CACHE[str(path)] = (mtime, ring)
    return ring


def save(ring: Keyring, path: Path) -> None:
    """Write the key file atomically with mode 0600 (its folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keyring-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        os.fchmod(fh.fileno(), 0o600)
        json.dump(ring.to_json(), fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _CACHE.pop(str(path), None)
