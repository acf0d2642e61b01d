"""The issued report's PDF: rendered once, its SHA-256 registered, the file kept.

The first download renders the report of the issued case (reports slice), registers the PDF's
SHA-256 for verification and keeps the file under ``<data dir>/reports/``; later downloads
serve the same bytes, so every copy handed out verifies as authentic. The digest is stored
before the file is written: a failed write leaves no unregistered genuine file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipcredit.cases.evidence import write_durably
from ipcredit.domain_errors import RuleViolation


def _path(data_dir: Path, number: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return data_dir / "reports" / f"{safe}.pdf"


def report_pdf(u, case_id: int, verify_base_url: str, actor: str) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the case's issued report."""
    from ipcredit.reports.case_source import issued_case_view, latest_report_of_case, store_pdf_digest
    from ipcredit.reports.meta import Agency, ReportMeta
    from ipcredit.reports.service import Format, render

    row = latest_report_of_case(u.s, case_id)
    path = _path(Path(u.data_dir), row.number)
    if path.exists() and row.file_sha256:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == row.file_sha256:
            return path.name, data
    if row.status != "valid":
        raise RuleViolation(f"报告 {row.number} 已{row.status}，不再生成新的报告文件")
    view, report_id = issued_case_view(u, case_id, ReportMeta(agency=Agency(verify_base_url=verify_base_url)))
    data = render(view, Format.pdf)
    store_pdf_digest(u, report_id, hashlib.sha256(data).hexdigest(), actor)
    write_durably(path, data)
    return path.name, data
