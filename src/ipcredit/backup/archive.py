"""The backup file: a tar archive with a manifest and its parts.

``manifest.json`` (format, alembic revision, engine, time, per table its columns, row count
and part; per part its size and SHA-256), ``manifest.sha256`` (the manifest's own SHA-256),
``tables/<table>.jsonl.gz`` (one JSON array per row) and ``files/evidence/<sha256>``,
``files/reports/<name>.pdf``. Reading checks every part against the manifest before anything
is restored and names the part that is missing, truncated or altered.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipcredit.domain_errors import RuleViolation
from ipcredit.durable import durable_output

FORMAT = "ipcredit-backup/1"
MANIFEST, MANIFEST_SUM = "manifest.json", "manifest.sha256"


class BackupCorrupt(RuleViolation):
    """The backup file is unreadable, incomplete or altered (names the part)."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_archive(out: Path, manifest: dict[str, Any], parts: dict[str, Path]) -> None:
    """Write ``out`` atomically and durably (`ipcredit.durable`)."""
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    with durable_output(out) as fh:
        with tarfile.open(fileobj=fh, mode="w", format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, body)
            _add_bytes(tar, MANIFEST_SUM, hashlib.sha256(body).hexdigest().encode("ascii"))
            for name, path in parts.items():
                tar.add(str(path), arcname=name, recursive=False, filter=_private)


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


@dataclass
class Opened:
    manifest: dict[str, Any]
    parts: dict[str, Path]     # part name → verified file in the work directory


def read_archive(path: Path, work: Path) -> Opened:
    """Extract and verify every part of the backup ``path`` into ``work`` (a private
    directory); BackupCorrupt names the first broken part."""
    if not path.is_file():
        raise RuleViolation(f"备份文件 {path} 不存在 (backup file not found)")
    manifest: dict[str, Any] | None = None
    parts: dict[str, Path] = {}
    last = "（文件开头 start of file）"
    try:
        with tarfile.open(path, mode="r:") as tar:
            for member in tar:
                last = member.name
                manifest = _read_member(tar, member, manifest, parts, work)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupCorrupt(f"备份文件 {path.name} 不完整或已损坏：读到 {last} 时中断 "
                            f"(backup file truncated or corrupt after part {last}: {exc})") from None
    if manifest is None:
        raise BackupCorrupt(f"备份文件 {path.name} 缺少 {MANIFEST} (not an ipcredit backup: no manifest)")
    _check_parts(path.name, manifest, parts)
    return Opened(manifest, parts)


def _read_member(tar, member, manifest, parts, work: Path):
    if not member.isfile():
        raise BackupCorrupt(f"备份中有非普通文件 {member.name} (unexpected member)")
    fh = tar.extractfile(member)
    if member.name in (MANIFEST, MANIFEST_SUM):
        return _manifest_member(member.name, fh.read(), manifest, parts)
    if manifest is None:
        raise BackupCorrupt(f"备份文件的清单 {MANIFEST} 必须在最前 (manifest must come first), found {member.name}")
    entry = manifest["parts"].get(member.name)
    if entry is None:
        raise BackupCorrupt(f"部件 {member.name} 不在清单中 (part not listed in the manifest)")
    target = work / f"part-{len(parts):06d}"
    h, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
            out.write(block)
    if size != entry["bytes"] or h.hexdigest() != entry["sha256"]:
        raise BackupCorrupt(f"部件 {member.name} 校验失败：{size} 字节，应为 {entry['bytes']} 字节；SHA-256 不符 "
                            f"(part {member.name} is truncated or altered)")
    parts[member.name] = target
    return manifest


def _manifest_member(name: str, data: bytes, manifest, parts):
    if name == MANIFEST:
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackupCorrupt(f"清单 {MANIFEST} 无法解析 (manifest unreadable: {exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("parts"), dict):
            raise BackupCorrupt(f"清单 {MANIFEST} 不是 {FORMAT} 格式 (not an ipcredit backup manifest)")
        parts["__manifest_sha__"] = hashlib.sha256(data).hexdigest()  # compared with manifest.sha256 below
        return doc
    expected = parts.pop("__manifest_sha__", None)
    if expected is None or data.decode("ascii", "replace").strip() != expected:
        raise BackupCorrupt(f"清单 {MANIFEST} 与 {MANIFEST_SUM} 不符，清单已被改动 (manifest altered)")
    parts["__manifest_ok__"] = Path()
    return manifest


def _check_parts(name: str, manifest: dict[str, Any], parts: dict[str, Path]) -> None:
    if parts.pop("__manifest_ok__", None) is None:
        raise BackupCorrupt(f"备份文件 {name} 缺少 {MANIFEST_SUM} (manifest checksum missing)")
    missing = [p for p in manifest["parts"] if p not in parts]
    if missing:
        more = f" 等 {len(missing)} 个" if len(missing) > 1 else ""
        raise BackupCorrupt(f"备份文件 {name} 缺少部件 {missing[0]}{more} (missing part: {missing[0]}; file truncated?)")
