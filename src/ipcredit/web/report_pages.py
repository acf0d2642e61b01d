"""Report downloads and the report preview.

- ``/cases/{id}/report.pdf``, ``/cases/{id}/report.docx``, ``/cases/{id}/certificate.pdf``
  (``case.view``: the case's agency, or the enterprise for its own cases): the issued
  report's files, each rendered once and its SHA-256 registered (`report_files`).
- ``/cases/{id}/report-preview`` (``case.manage``): the report before issue, marked 草稿 /
  非正式报告 with no report number or verification code — HTML, or ``?format=pdf``.
Rendering runs off the event loop (WeasyPrint takes a second or more).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ipcredit.auth.service import CurrentUser
from ipcredit.web.security import require, uow
from ipcredit.web.workspace_data import case_for
from ipcredit.web.params import IdPath

# The preview is the report's own standalone HTML (inline <style>, style attributes, inline
# SVG): it gets a policy of its own that allows inline styles and nothing that runs.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
               "base-uri 'none'; form-action 'none'")


def _attachment(name: str, fallback: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"}


def build_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    viewer = Depends(require("case.view"))

    async def download(request: Request, case_id: int, user: CurrentUser, kind: str, fallback: str) -> Response:
        from ipcredit.web.report_files import report_file

        base = request.app.state.settings.public_url or str(request.base_url)

        def load():
            with uow(request) as u:
                case_for(u, case_id, user)
                return report_file(u, case_id, kind, base, user.display_name)

        name, data, file_kind = await run_in_threadpool(load)
        return Response(data, media_type=file_kind.media_type, headers=_attachment(name, fallback))

    @router.get("/cases/{case_id}/report.pdf")
    async def report_pdf(request: Request, case_id: IdPath, user: CurrentUser = viewer) -> Response:
        """The issued report's PDF (rendered once, SHA-256 registered for verification)."""
        return await download(request, case_id, user, "report", "report.pdf")

    @router.get("/cases/{case_id}/report.docx")
    async def report_docx(request: Request, case_id: IdPath, user: CurrentUser = viewer) -> Response:
        return await download(request, case_id, user, "docx", "report.docx")

    @router.get("/cases/{case_id}/certificate.pdf")
    async def certificate_pdf(request: Request, case_id: IdPath, user: CurrentUser = viewer) -> Response:
        return await download(request, case_id, user, "certificate", "certificate.pdf")

    @router.get("/cases/{case_id}/report-preview")
    async def preview(request: Request, case_id: IdPath, format: str = Query("html", pattern="^(html|pdf)$"),
                      user: CurrentUser = Depends(require("case.manage"))) -> Response:
        """The draft report (草稿/DRAFT, no number) the project lead reads before issuing."""
        from ipcredit.reports.case_source import draft_case_view
        from ipcredit.reports.render import render_html
        from ipcredit.reports.service import Format, render_async

        with uow(request) as u:
            case_for(u, case_id, user)
            view = draft_case_view(u, case_id)
        if format == "pdf":
            data = await render_async(view, Format.pdf)
            return Response(data, media_type="application/pdf", headers=_attachment(f"草稿-案件{case_id}.pdf", "draft.pdf"))
        html = await run_in_threadpool(render_html, view)
        return Response(html, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": PREVIEW_CSP})

    return router
