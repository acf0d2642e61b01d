"""HTML (Jinja2) and PDF (WeasyPrint) rendering of a `ReportView`.

Speed (docs/performance.md): the Jinja environment, the parsed stylesheet and WeasyPrint's
font configuration are built once per process and reused by every report (`PdfRenderer`);
one font family (Noto Sans CJK SC, regular + bold) is used on body and @page; WeasyPrint
subsets it with HarfBuzz (libharfbuzz-subset0), which takes milliseconds instead of seconds.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from ipcredit.reports.meta import STANDARD
from ipcredit.reports.view import ReportView, cn_date

KEYWORD_PREFIX = "ipcredit-verify:"
KIND_PREFIX = "ipcredit-kind:"


def css_string(text: str) -> Markup:
    """Text for a CSS double-quoted string inside <style> (raw text: no HTML escaping there)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(escaped)


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    loader = jinja2.PackageLoader("ipcredit.reports", "templates")
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html", "j2"]),
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["css_string"] = css_string
    return env


@functools.lru_cache(maxsize=1)
def report_css() -> str:
    return resources.files("ipcredit.reports").joinpath("templates/report.css").read_text("utf-8")


def _seal_uri(view: ReportView) -> str | None:
    seal: Path | None = view.meta.agency.seal_path
    return seal.resolve().as_uri() if seal else None


def keywords(view: ReportView, kind: str = "report") -> str:
    """PDF keywords: the verification code and the kind of file (report / certificate), so
    `report verify` can tell an altered copy from a file whose digest was never stored."""
    parts = ["ipcredit", "T/CFIE 002-2023", view.grade, KIND_PREFIX + kind]
    if view.verification_code:
        parts.append(KEYWORD_PREFIX + view.verification_code)
    return ", ".join(parts)


def _context(view: ReportView, inline_css: bool, kind: str = "report") -> dict:
    meta = view.meta
    validity = (f"{cn_date(meta.issue_date)} 至 {cn_date(meta.valid_until)}"
                if meta.issue_date and not meta.draft else "草稿无有效期")
    return {"v": view, "css": report_css() if inline_css else "", "seal_uri": _seal_uri(view),
            "keywords": keywords(view, kind), "issue_date": cn_date(meta.issue_date), "validity": validity,
            "standard": STANDARD}


def render_html(view: ReportView, *, inline_css: bool = True) -> str:
    """The full report as one standalone HTML page (CSS inlined unless the PDF renderer adds it)."""
    return _env().get_template("report.html.j2").render(_context(view, inline_css))


def render_certificate_html(view: ReportView) -> str:
    return _env().get_template("certificate.html.j2").render(_context(view, True, "certificate"))


class PdfRenderer:
    """A warm WeasyPrint renderer: font configuration and stylesheet built once, reused."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.stylesheet = CSS(string=report_css(), font_config=self.font_config)

    def _pdf(self, html: str, stylesheets: list) -> bytes:
        from weasyprint import HTML

        return HTML(string=html, base_url=".").write_pdf(stylesheets=stylesheets, font_config=self.font_config)

    def report(self, view: ReportView) -> bytes:
        return self._pdf(render_html(view, inline_css=False), [self.stylesheet])

    def certificate(self, view: ReportView) -> bytes:
        return self._pdf(render_certificate_html(view), [])


@functools.lru_cache(maxsize=1)
def pdf_renderer() -> PdfRenderer:
    """The process-wide warm renderer (created on first use, never at import)."""
    return PdfRenderer()
