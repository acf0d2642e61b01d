"""The issued report's files — report PDF, grade certificate PDF, DOCX copy: each rendered
once, its SHA-256 registered for verification, the file kept.

The first download of a kind renders it from the issued case (reports slice), stores its
SHA-256 in the ``issued_report`` row and keeps the file under ``<data dir>/reports/``; later
downloads serve the same bytes, so every copy handed out verifies as authentic (`report
verify --db`, ``/verify`` upload). The digest is stored before the file is written: a failed
write leaves no unregistered genuine file.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from ipcredit.durable import write_durably
from ipcredit.domain_errors import RuleViolation


@dataclass(frozen=True)
class FileKind:
    kind: str          # report | certificate | docx (the digest column, see issuance.service)
    suffix: str
    media_type: str
    label: str


KINDS = {
    "report": FileKind("report", ".pdf", "application/pdf", "报告"),
    "certificate": FileKind("certificate", "-certificate.pdf", "application/pdf", "信用等级证书"),
    "docx": FileKind("docx", ".docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "报告（Word）"),
}


# One first rendering at a time in this process: two simultaneous first downloads must not
# store two different digests (the second would make the first copy look altered).
_FIRST_RENDER = threading.Lock()


def _path(data_dir: Path, number: str, kind: FileKind) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return data_dir / "reports" / f"{safe}{kind.suffix}"


def _render(view, kind: FileKind) -> bytes:
    from ipcredit.reports.service import Format, render, render_certificate

    if kind.kind == "certificate":
        return render_certificate(view)
    return render(view, Format.docx if kind.kind == "docx" else Format.pdf)


def report_file(u, case_id: int, kind_name: str, verify_base_url: str, actor: str) -> tuple[str, bytes, FileKind]:
    """(file name, bytes, kind) of one file of the case's issued report."""
    from ipcredit.audit.service import record_read
    from ipcredit.issuance.service import FILE_DIGEST_COLUMNS
    from ipcredit.reports.case_source import latest_report_of_case

    kind = KINDS[kind_name]
    row = latest_report_of_case(u.s, case_id)
    # record_read commits, so no transaction is open while this thread waits for the lock below
    # (on SQLite every transaction holds the write lock: waiting with one open deadlocks with
    # the thread that holds the lock and needs to write).
    record_read(u, "report", "issued_report", row.id,
                f"下载{kind.label} {row.number} (issued report download: {kind.kind})", case_id)
    with _FIRST_RENDER:
        u.s.refresh(row)                    # what a download that just finished stored
        path = _path(Path(u.data_dir), row.number, kind)
        stored = getattr(row, FILE_DIGEST_COLUMNS[kind.kind])
        if path.exists() and stored:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == stored:
                return path.name, data, kind
        return _first_rendering(u, case_id, row, path, kind, verify_base_url, actor)


def _first_rendering(u, case_id: int, row, path: Path, kind: FileKind, verify_base_url: str,
                     actor: str) -> tuple[str, bytes, FileKind]:
    from ipcredit.reports.case_source import issued_case_view, store_file_digest
    from ipcredit.reports.meta import Agency, ReportMeta

    if row.status != "valid":
        raise RuleViolation(f"报告 {row.number} 已{row.status}，不再生成新的报告文件")
    view, report_id = issued_case_view(u, case_id, ReportMeta(agency=Agency(verify_base_url=verify_base_url)))
    data = _render(view, kind)
    store_file_digest(u, report_id, hashlib.sha256(data).hexdigest(), actor, kind.kind)
    write_durably(path, data)
    return path.name, data, kind


def report_pdf(u, case_id: int, verify_base_url: str, actor: str) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the case's issued report."""
    name, data, _ = report_file(u, case_id, "report", verify_base_url, actor)
    return name, data
