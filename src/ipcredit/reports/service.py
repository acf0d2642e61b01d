"""Use cases: render a draft, issue a report (render, sign, store its SHA-256), verify, revoke."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ipcredit.reports.meta import ReportMeta
from ipcredit.reports.render import pdf_renderer, render_html
from ipcredit.reports.sign import check_signature, sign_pdf
from ipcredit.reports.verify import InMemoryRegistry, IssuedReport, ReportRegistry, Status, Verification, sha256_hex, verify_bytes
from ipcredit.reports.view import ReportView, build_view
from ipcredit.standard.engine import evaluate
from ipcredit.standard.facts import Facts
from ipcredit.standard.model import Grade, Model, bundled_model
from ipcredit.standard.whatif import what_if


class Format(str, Enum):
    pdf = "pdf"
    docx = "docx"
    html = "html"


@dataclass(frozen=True)
class Signing:
    key_file: Path
    cert_file: Path
    passphrase: bytes | None = None


def make_view(facts: Facts, meta: ReportMeta, model: Model | None = None, profile: str | None = None,
              decided: Grade | None = None, panel_reasons: str = "") -> ReportView:
    model = model or bundled_model()
    ev = evaluate(facts, model, profile)
    return build_view(ev, what_if(facts, model, profile), meta, model.behavior.id, decided, panel_reasons)


def render(view: ReportView, fmt: Format) -> bytes:
    if fmt is Format.pdf:
        return pdf_renderer().report(view)
    if fmt is Format.docx:
        from ipcredit.reports.word import render_docx

        return render_docx(view)
    return render_html(view).encode("utf-8")


def render_certificate(view: ReportView) -> bytes:
    return pdf_renderer().certificate(view)


@dataclass(frozen=True)
class IssuedFiles:
    record: IssuedReport
    report: bytes
    certificate: bytes


def issue(view: ReportView, registry: InMemoryRegistry, signing: Signing | None = None) -> IssuedFiles:
    """Render the formal report and certificate, sign them if asked, store their SHA-256."""
    meta = view.meta
    if meta.draft or not meta.issue_date or not meta.verification_code:
        raise ValueError("issue() needs issued metadata (ReportMeta.issued)")
    report, cert = render(view, Format.pdf), render_certificate(view)
    if signing is not None:
        report = sign_pdf(report, signing.key_file, signing.cert_file, signing.passphrase)
        cert = sign_pdf(cert, signing.key_file, signing.cert_file, signing.passphrase)
    record = IssuedReport(meta.report_number, meta.verification_code, meta.issue_date, meta.valid_until,
                          Status.valid, frozenset({sha256_hex(report), sha256_hex(cert)}), view.enterprise, view.grade)
    registry.add(record)
    return IssuedFiles(record, report, cert)


def verify_file(data: bytes, registry: ReportRegistry, today: dt.date | None = None,
                trust_roots: list[Path] = ()) -> Verification:
    """Authenticity, validity and (when signed) the signature of a report file."""
    sig = check_signature(data, list(trust_roots))
    return verify_bytes(data, registry, today or dt.date.today(), sig if sig.signed else None)


@functools.lru_cache(maxsize=1)
def _render_worker() -> ThreadPoolExecutor:
    """One rendering thread per process: renders queue there and share the warm renderer."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipcredit-report")


def render_in_background(view: ReportView, fmt: Format) -> Future[bytes]:
    """Render off the caller's thread (a web request or an event loop must not wait on it)."""
    return _render_worker().submit(render, view, fmt)


async def render_async(view: ReportView, fmt: Format) -> bytes:
    """``await`` a rendering without blocking the event loop."""
    return await asyncio.wrap_future(render_in_background(view, fmt))
