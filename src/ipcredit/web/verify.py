"""Public verification (报告验证): by verification code, or by uploading the report PDF.

``/verify/<code>`` shows what a report user may see: always the report number, the agency and
the status (valid / expired / revoked / cancelled); the details (enterprise, grade, total
score, validity) only under the enterprise's active verification-page consent, and each such
showing is written to the disclosure log (`ipcredit.consent`). An uploaded PDF is compared with
the SHA-256 stored when the report was issued: authentic or altered, then valid / expired /
revoked, with the same consent rule for details. No login.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcredit.domain_errors import NotFound
from ipcredit.web.security import CSRF, uow

VERDICT_CLASS = {"valid": "ok", "expired": "warn", "revoked": "bad", "cancelled": "bad",
                 "altered": "bad", "unconfirmed": "warn", "unknown": "bad"}


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def page(request: Request, ctx: dict, status: int = 200) -> Response:
        base = {"code": "", "report": None, "file_verdict": None, "error": None, "verdict_class": VERDICT_CLASS}
        return templates.TemplateResponse(request, "verify.html", {**base, **ctx}, status_code=status)

    @router.get("/verify", response_class=HTMLResponse)
    def verify_form(request: Request, code: str | None = None) -> Response:
        if code and code.strip():
            return RedirectResponse(f"/verify/{code.strip()}", status_code=303)
        return page(request, {})

    @router.get("/verify/{code}", response_class=HTMLResponse)
    def verify_code(request: Request, code: str) -> Response:
        from ipcredit.consent.disclosure import verification_view
        from ipcredit.issuance.service import find_report_by_verification_code

        try:
            with uow(request) as u:
                row = find_report_by_verification_code(u, code[:40])
                report = verification_view(u, row, dt.date.today(), "verify_page", _remote(request))
        except NotFound:
            msg = f"验证码 {code[:40]} 没有对应的已出具报告：报告可能是伪造的，或验证码输入有误。"
            return page(request, {"code": code[:40], "error": msg}, 404)
        return page(request, {"code": code, "report": report})

    @router.post("/verify/upload", response_class=HTMLResponse, dependencies=[CSRF])
    async def verify_upload(request: Request, report_file: UploadFile) -> Response:
        from ipcredit.reports.case_source import DbReportRegistry
        from ipcredit.reports.service import verify_file
        from ipcredit.reports.verify import VERDICT_TEXT

        from ipcredit.web.uploads import PDF_LIMIT, UploadRejected, check_pdf

        data = await report_file.read(PDF_LIMIT + 1)
        try:
            check_pdf(data)
        except UploadRejected as exc:
            return page(request, {"error": exc.message}, exc.status)
        with uow(request) as u:
            v = verify_file(data, DbReportRegistry(u), dt.date.today(), [])
            details = _file_details(u, v, _remote(request))
        verdict = {"kind": v.verdict.value, "text": VERDICT_TEXT[v.verdict], "sha256": v.sha256,
                   "code": v.code, "authentic": v.authentic,
                   "number": v.record.report_number if v.record else None}
        return page(request, {"file_verdict": verdict, "report": details})

    return router


def _file_details(u, v, remote: str | None):
    """An authentic file's report, seen through the consent rule (details only if consented)."""
    from ipcredit.consent.disclosure import verification_view
    from ipcredit.issuance.service import find_report_by_verification_code

    if not v.authentic or v.record is None:
        return None
    row = find_report_by_verification_code(u, v.record.verification_code)
    return verification_view(u, row, dt.date.today(), "verify_upload", remote)


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None
