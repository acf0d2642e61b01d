"""Content-addressed evidence store: ``<data_dir>/evidence/ab/abcdef…`` by SHA-256.

Files are limited in size and type (checked on the content, not the name), stored encrypted
(AES-256-GCM, ``ipcredit.security.cipher``; the address stays the SHA-256 of the plaintext and
is the associated data) and verified against their checksum every time they are read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipcredit.domain_errors import RuleViolation
from ipcredit.durable import write_durably

MAX_BYTES = 20 * 1024 * 1024

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_TEXT_TYPES = {".txt": "text/plain", ".csv": "text/csv", ".json": "application/json"}


def detect_type(data: bytes, filename: str) -> str:
    """The media type of an allowed evidence file, or a RuleViolation naming the file."""
    if not data:
        raise RuleViolation(f"{filename}: 文件为空 (empty file)")
    if len(data) > MAX_BYTES:
        raise RuleViolation(f"{filename}: {len(data)} 字节，超过上限 {MAX_BYTES} 字节 (file too large)")
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    ext = Path(filename).suffix.lower()
    if data.startswith(b"PK\x03\x04") and ext in _ZIP_TYPES:
        return _ZIP_TYPES[ext]
    if ext in _TEXT_TYPES:
        try:
            data.decode("utf-8")
            return _TEXT_TYPES[ext]
        except UnicodeDecodeError:
            pass
    raise RuleViolation(
        f"{filename}: 不支持的证据文件类型，仅限 PDF、PNG、JPEG、DOCX、XLSX、UTF-8 文本 (file type not allowed)"
    )


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def store(root: Path, data: bytes, filename: str) -> tuple[str, int, str]:
    """Store ``data`` (atomically, once per content); returns (sha256, size, media type)."""
    media = detect_type(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    path = blob_path(root, digest)
    if not path.exists():
        from ipcredit.security import cipher, keyring

        write_durably(path, cipher.seal_file(keyring.load(), data, digest))
    return digest, len(data), media


def read(root: Path, sha256: str) -> bytes:
    """The stored bytes, after checking they still hash to ``sha256``."""
    path = blob_path(root, sha256)
    if not path.exists():
        raise RuleViolation(f"证据文件 {sha256[:12]}… 不存在或已按保存期限清除 (evidence file missing)")
    from ipcredit.security import cipher, keyring

    data = cipher.open_file(keyring.load(), path.read_bytes(), sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RuleViolation(f"证据文件 {sha256[:12]}… 校验和不符，文件已损坏或被篡改 (checksum mismatch)")
    return data


def purge(root: Path, sha256: str) -> bool:
    path = blob_path(root, sha256)
    if path.exists():
        path.unlink()
        return True
    return False
