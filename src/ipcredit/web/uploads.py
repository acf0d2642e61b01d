"""Hostile uploads: request bodies capped while they stream, files checked by content.

- `BodyLimitMiddleware` counts the bytes of every request body as they arrive and stops the
  request with 413 as soon as the limit of its path is passed (a ``Content-Length`` above the
  limit is refused before anything is read); nothing is read into memory beyond the limit.
- `check_xlsx` / `check_ooxml` open a ZIP's central directory only — entry count, names,
  declared sizes and compression ratios — before openpyxl or anyone else inflates a byte
  (Python's zipfile never inflates more than an entry's declared size, so the declared sizes
  bound the work).
- `safe_filename` keeps the last path component of a client's file name, without control or
  bidirectional-override characters.

Errors are `UploadRejected` (413 too large, 415 wrong type, 422 malformed) with Chinese and
English text.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import Any, Callable

from starlette.exceptions import HTTPException

MB = 1_000_000
FORM_OVERHEAD = 256_000                   # multipart headers and the other fields of a form
EVIDENCE_LIMIT = 20 * 1024 * 1024         # = ipcredit.cases.evidence.MAX_BYTES
RECORDS_LIMIT = 10 * MB                   # a record-table workbook
PDF_LIMIT = 20 * MB                       # a report or certificate PDF to verify
XLSX_MAX_UNCOMPRESSED = 100 * MB          # all entries of a workbook, inflated
ZIP_MAX_RATIO = 100                       # inflated / compressed, per entry of more than 1 MB
ZIP_MAX_ENTRIES = 2_000
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class UploadRejected(Exception):
    def __init__(self, status: int, zh: str, en: str) -> None:
        super().__init__(f"{zh} ({en})")
        self.status, self.message = status, f"{zh} ({en})"


def body_limit(path: str, default: int) -> int:
    """The largest request body accepted on ``path``."""
    if path.startswith("/cases/") and "/actions/" in path:
        return EVIDENCE_LIMIT + FORM_OVERHEAD
    if path == "/verify/upload":
        return PDF_LIMIT + FORM_OVERHEAD
    return default + FORM_OVERHEAD


class BodyLimitMiddleware:
    """ASGI middleware: 413 once a request body passes its path's limit (counted while streaming)."""

    def __init__(self, app: Any, default_limit: Callable[[], int]) -> None:
        self.app, self.default_limit = app, default_limit

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"], self.default_limit())
        declared = dict(scope.get("headers") or []).get(b"content-length")
        seen = 0

        async def capped() -> dict:
            nonlocal seen
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, capped, send)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"上传内容超过 {limit / MB:.1f} MB 上限，已拒绝 (upload exceeds {limit} bytes)")


def safe_filename(name: str | None, fallback: str = "upload") -> str:
    """The file name without directories, control or bidi-override characters, ≤ 200 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _BAD_CHARS.sub("", name).strip().strip(".").strip()
    return name[:200] or fallback


def check_size(data: bytes, limit: int, label: str) -> None:
    if not data:
        raise UploadRejected(422, f"{label}为空", "empty file")
    if len(data) > limit:
        raise UploadRejected(413, f"{label}超过 {limit / MB:.1f} MB 上限", "file too large")


def check_ooxml(data: bytes, label: str, parts: tuple[str, ...] = ("[Content_Types].xml",)) -> None:
    """A ZIP-based Office file with sane entries: names, count, inflated size and ratios."""
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected(415, f"{label}不是 Office Open XML 文件（内容不是 ZIP）", "not an OOXML/ZIP file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRejected(422, f"{label}已损坏，无法读取其 ZIP 目录", "corrupt ZIP") from None
    if len(entries) > ZIP_MAX_ENTRIES:
        raise UploadRejected(413, f"{label}含 {len(entries)} 个条目，超过 {ZIP_MAX_ENTRIES}", "too many entries")
    total = 0
    for e in entries:
        if e.filename.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", e.filename) or ":" in e.filename:
            raise UploadRejected(422, f"{label}含非法路径条目 {e.filename[:80]!r}", "path traversal in archive")
        total += e.file_size
        if e.file_size > MB and e.file_size > ZIP_MAX_RATIO * max(e.compress_size, 1):
            raise UploadRejected(413, f"{label}的条目 {e.filename[:80]} 压缩比异常，疑似压缩炸弹", "suspected zip bomb")
    if total > XLSX_MAX_UNCOMPRESSED:
        raise UploadRejected(413, f"{label}解压后超过 {XLSX_MAX_UNCOMPRESSED // MB} MB，疑似压缩炸弹",
                             "inflated size too large")
    names = {e.filename for e in entries}
    missing = [p for p in parts if p not in names]
    if missing:
        raise UploadRejected(415, f"{label}缺少 {missing[0]}，不是所需类型的文件", "wrong OOXML type")


def check_xlsx(data: bytes, label: str = "记录表工作簿") -> None:
    check_size(data, RECORDS_LIMIT, label)
    check_ooxml(data, label, XLSX_PARTS)


def check_evidence(data: bytes, filename: str) -> None:
    """Size, type by content (the evidence store's list) and, for DOCX/XLSX, the ZIP checks."""
    from ipcredit.cases.evidence import detect_type
    from ipcredit.domain_errors import RuleViolation

    check_size(data, EVIDENCE_LIMIT, "证据文件")
    try:
        media = detect_type(data, filename)
    except RuleViolation as exc:
        raise UploadRejected(415, str(exc), "file type not allowed") from None
    if media.startswith("application/vnd.openxmlformats"):
        part = "word/document.xml" if "wordprocessing" in media else "xl/workbook.xml"
        check_ooxml(data, "证据文件", ("[Content_Types].xml", part))


def check_pdf(data: bytes) -> None:
    check_size(data, PDF_LIMIT, "PDF 文件")
    if not data.startswith(b"%PDF-"):
        raise UploadRejected(415, "请上传报告或证书的 PDF 文件（内容不是 PDF）", "not a PDF")


# form field of a case action → the check its file gets
CASE_UPLOAD_CHECKS: dict[str, Callable[[bytes, str], None]] = {
    "evidence_file": check_evidence,
    "records_file": lambda data, name: check_xlsx(data),
    "facts_file": lambda data, name: check_size(data, 2 * MB, "事实文件"),
}


def check_case_uploads(files: dict[str, bytes], names: dict[str, str]) -> None:
    for field, data in files.items():
        check = CASE_UPLOAD_CHECKS.get(field)
        if check is None:
            raise UploadRejected(422, f"表单字段 {field[:40]} 不接受文件", "unexpected file field")
        if data:
            check(data, safe_filename(names.get(field)))
