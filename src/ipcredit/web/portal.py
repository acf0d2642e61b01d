"""Enterprise portal (企业门户): an enterprise user's own cases and reports, and applying."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import RuleViolation
from ipcredit.web.security import CSRF, require, uow
from ipcredit.web.params import IdForm


def _portal_data(u, user: CurrentUser) -> dict:
    from ipcredit.agencies.models import Agency
    from ipcredit.cases.domain import STATE_LABELS
    from ipcredit.cases.models import Case, Enterprise
    from ipcredit.issuance.domain import STATUS_LABELS, public_status
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.objections.domain import OUTCOME_LABELS
    from ipcredit.objections.service import list_objections
    from ipcredit.standard.facts import FIELD_LABELS

    ent = u.s.get(Enterprise, user.enterprise_id)
    cases = list(u.s.scalars(select(Case).where(Case.enterprise_id == user.enterprise_id).order_by(Case.id)))
    agencies = {a.id: a.name for a in u.s.scalars(select(Agency).order_by(Agency.id))}
    reports = []
    for r in u.s.scalars(select(IssuedReport).where(IssuedReport.case_id.in_([c.id for c in cases]))
                         .order_by(IssuedReport.id)):
        status = public_status(r.status, r.valid_until, dt.date.today())
        reports.append({"id": r.id, "number": r.number, "grade": r.grade, "issued_on": r.issued_on,
                        "valid_until": r.valid_until, "code": r.verification_code, "status": STATUS_LABELS[status],
                        "case_id": r.case_id, "open": status == "valid"})
    rows = [{"id": c.id, "state": STATE_LABELS[c.state], "applied_on": c.applied_on, "agency": agencies.get(c.agency_id, "")}
            for c in cases]
    ids = {c.id for c in cases}
    objections = [o for o in list_objections(u) if o["case_id"] in ids]
    return {"enterprise": ent, "cases": rows, "reports": reports, "agencies": agencies,
            "objections": objections, "field_labels": FIELD_LABELS,
            "outcome_labels": {**OUTCOME_LABELS, "reevaluated": "已复评（最终结果）"}}


CONSENT_FLASH = {"granted": "授权已保存", "revoked": "授权已撤回，自即刻起不再披露"}


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def page(request: Request, user: CurrentUser, flash: str | None = None, kind: str = "ok", status: int = 200):
        from ipcredit.web.portal_consent import consent_data

        with uow(request) as u:
            ctx = {**_portal_data(u, user), **consent_data(u, user)}
        ctx.update(me=user, flash=flash, flash_kind=kind)
        return templates.TemplateResponse(request, "portal.html", ctx, status_code=status)

    @router.get("/portal", response_class=HTMLResponse)
    def portal(request: Request, applied: int | None = None, consent: str | None = None,
               user: CurrentUser = Depends(require("portal.use"))) -> Response:
        flash = CONSENT_FLASH.get(consent or "") or (f"已提交评价申请（案件 {applied}）" if applied else None)
        return page(request, user, flash)

    @router.post("/portal/apply", response_class=HTMLResponse, dependencies=[CSRF])
    def apply(request: Request, agency_id: IdForm,
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

    @router.post("/portal/objections", response_class=HTMLResponse, dependencies=[CSRF])
    def file_objection(request: Request, report_id: IdForm, kind: str = Form(...),
                       path: str = Form(""), claim: str = Form(""),
                       user: CurrentUser = Depends(require("portal.use"))) -> Response:
        """信息异议 (within 1 year of the fact's collection) or 结果异议 (within 15 days of
        delivery, once): a late or repeated filing is refused with the rule's reason."""
        from ipcredit.cases.models import Case
        from ipcredit.domain_errors import NotFound
        from ipcredit.issuance.service import get_report
        from ipcredit.objections import service as objections

        try:
            with uow(request) as u:
                report = get_report(u.s, report_id)
                if u.s.get(Case, report.case_id).enterprise_id != user.enterprise_id:
                    raise NotFound(f"报告 {report_id} 不存在 (no such report)")
                today = dt.date.today()
                if kind == "information":
                    obj = objections.file_information_objection(u, report_id, path, claim, today, user.display_name)
                elif kind == "result":
                    obj = objections.file_result_objection(u, report_id, claim, today, user.display_name)
                else:
                    raise RuleViolation("异议类型应为信息异议或结果异议 (unknown kind)")
                due = obj.due_on
        except RuleViolation as exc:
            return page(request, user, f"异议未受理：{exc}", "error", 409)
        note = f"，机构应于 {due} 前办结" if due else ""
        return page(request, user, f"异议已受理{note}。")

    from ipcredit.web import portal_consent

    router.include_router(portal_consent.build_router(page))
    return router
