"""Enterprise portal (企业门户): an enterprise user's own cases and reports, and applying."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import RuleViolation
from ipcredit.web.security import CSRF, require, uow


def _portal_data(u, user: CurrentUser) -> dict:
    from ipcredit.agencies.models import Agency
    from ipcredit.cases.domain import STATE_LABELS
    from ipcredit.cases.models import Case, Enterprise
    from ipcredit.issuance.domain import STATUS_LABELS, public_status
    from ipcredit.issuance.models import IssuedReport

    ent = u.s.get(Enterprise, user.enterprise_id)
    cases = list(u.s.scalars(select(Case).where(Case.enterprise_id == user.enterprise_id).order_by(Case.id)))
    agencies = {a.id: a.name for a in u.s.scalars(select(Agency).order_by(Agency.id))}
    reports = []
    for r in u.s.scalars(select(IssuedReport).where(IssuedReport.case_id.in_([c.id for c in cases]))
                         .order_by(IssuedReport.id)):
        status = public_status(r.status, r.valid_until, dt.date.today())
        reports.append({"number": r.number, "grade": r.grade, "issued_on": r.issued_on, "valid_until": r.valid_until,
                        "code": r.verification_code, "status": STATUS_LABELS[status], "case_id": r.case_id})
    rows = [{"id": c.id, "state": STATE_LABELS[c.state], "applied_on": c.applied_on, "agency": agencies.get(c.agency_id, "")}
            for c in cases]
    return {"enterprise": ent, "cases": rows, "reports": reports, "agencies": agencies}


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def page(request: Request, user: CurrentUser, flash: str | None = None, kind: str = "ok", status: int = 200):
        with uow(request) as u:
            ctx = _portal_data(u, user)
        ctx.update(me=user, flash=flash, flash_kind=kind)
        return templates.TemplateResponse(request, "portal.html", ctx, status_code=status)

    @router.get("/portal", response_class=HTMLResponse)
    def portal(request: Request, applied: int | None = None,
               user: CurrentUser = Depends(require("portal.use"))) -> Response:
        return page(request, user, f"已提交评价申请（案件 {applied}）" if applied else None)

    @router.post("/portal/apply", response_class=HTMLResponse, dependencies=[CSRF])
    def apply(request: Request, agency_id: int = Form(...),
              user: CurrentUser = Depends(require("portal.use"))) -> Response:
        from ipcredit.cases.models import Enterprise
        from ipcredit.cases.service import apply_for_evaluation

        try:
            with uow(request) as u:
                ent = u.s.get(Enterprise, user.enterprise_id)
                case_id = apply_for_evaluation(u, agency_id, ent.credit_code, ent.name, user.display_name,
                                               dt.date.today())
        except RuleViolation as exc:
            return page(request, user, f"申请未提交：{exc}", "error", 409)
        return RedirectResponse(f"/portal?applied={case_id}", status_code=303)

    return router
