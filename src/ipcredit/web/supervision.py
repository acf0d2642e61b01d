"""信用监督 pages (§6): annual sampling runs (start one, see the sampled reports and the
re-check cases that record their outcome), credit records imported after rating, and
revocation proposals (decide). Every rule is the supervision slice's; these routes only
read the form, call the service and show its refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.errors import InputError
from ipcredit.web.security import CSRF, require, uow
from ipcredit.web.supervision_data import proposal_in_agency, proposals_of, rated_enterprises, run_detail, runs_of
from ipcredit.web.params import IdPath, optional_int

DONE = {"record": "记录已导入", "accepted": "撤销建议已接受，报告已撤销", "rejected": "撤销建议已驳回"}


def _rate(text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise RuleViolation(f"抽查比例应为小数，如 0.1，得到 {text!r} (rate must be a decimal)") from None


def credit_record(kind: str, category: str, date: str, deduction: str, reason: str, title: str) -> dict:
    """The facts-v1 record the form describes (validated by the service)."""
    record: dict = {"kind": kind, "date": date.strip()}
    if kind == "bad_record":
        record["category"] = category
    if kind == "infringement":
        record["deduction"] = deduction.strip() and _number(deduction)
        record["reason"] = reason.strip()
    if title.strip():
        record["title"] = title.strip()
    return record


def _number(text: str) -> int | float:
    """A deduction as a JSON number (the record is stored as JSON; the engine reads it exactly)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise RuleViolation(f"扣分应为 0–10 的数，得到 {text!r} (deduction must be a number)")
    return int(value) if value == value.to_integral_value() else float(value)


def _refusal(exc: Exception) -> str:
    return "；".join(exc.lines()) if isinstance(exc, InputError) else str(exc)


def build_router(templates) -> APIRouter:
    from ipcredit.facts.tables import BAD_CATEGORY_LABELS, RECORD_KIND_LABELS

    router = APIRouter(include_in_schema=False)
    viewer, manager = Depends(require("supervision.view")), Depends(require("supervision.manage"))

    def page(request: Request, user: CurrentUser, flash: str | None = None, kind: str = "ok", status: int = 200):
        with uow(request) as u:
            ctx = {"runs": runs_of(u, user.agency_id), "proposals": proposals_of(u, user.agency_id),
                   "enterprises": rated_enterprises(u, user.agency_id)}
        ctx.update(me=user, flash=flash, flash_kind=kind, categories=BAD_CATEGORY_LABELS, kinds=RECORD_KIND_LABELS,
                   today=dt.date.today())
        return templates.TemplateResponse(request, "supervision.html", ctx, status_code=status)

    @router.get("/supervision", response_class=HTMLResponse)
    def overview(request: Request, ok: str | None = None, user: CurrentUser = viewer) -> Response:
        return page(request, user, DONE.get(ok or ""))

    @router.get("/supervision/sampling/{run_id}", response_class=HTMLResponse)
    def sampling_run(request: Request, run_id: IdPath, ok: str | None = None, user: CurrentUser = viewer) -> Response:
        with uow(request) as u:
            ctx = run_detail(u, run_id, user.agency_id)
        ctx.update(me=user, flash=DONE.get(ok or ""), flash_kind="ok")
        return templates.TemplateResponse(request, "supervision_run.html", ctx)

    @router.post("/supervision/sampling", response_class=HTMLResponse, dependencies=[CSRF])
    def start_sampling(request: Request, year: int = Form(...), rate: str = Form(""), seed: str = Form(""),
                       user: CurrentUser = manager) -> Response:
        from ipcredit.supervision.service import run_sampling

        try:
            chosen_seed = optional_int(seed, f"随机种子应为整数，得到 {seed!r} (seed must be an integer)")
            with uow(request) as u:
                run = run_sampling(u, user.agency_id, year, _rate(rate), user.display_name, dt.date.today(), chosen_seed)
                run_id = run.id
        except RuleViolation as exc:
            return page(request, user, f"抽查未进行：{exc}", "error", 409)
        return RedirectResponse(f"/supervision/sampling/{run_id}", status_code=303)

    @router.post("/supervision/records", response_class=HTMLResponse, dependencies=[CSRF])
    def import_record(request: Request, credit_code: str = Form(""), kind: str = Form(""), category: str = Form(""),
                      date: str = Form(""), deduction: str = Form(""), reason: str = Form(""), title: str = Form(""),
                      source: str = Form(""), user: CurrentUser = manager) -> Response:
        from ipcredit.supervision.service import import_credit_record

        try:
            record = credit_record(kind, category, date, deduction, reason, title)
            with uow(request) as u:
                props = import_credit_record(u, credit_code.strip().upper(), record, source.strip() or "公共信用信息",
                                             user.display_name, dt.date.today())
                raised = [p.id for p in props]
        except (RuleViolation, InputError) as exc:
            return page(request, user, f"记录未导入：{_refusal(exc)}", "error", 422)
        note = f"，产生撤销建议 {len(raised)} 项" if raised else "，未产生撤销建议（该记录与现有等级相符）"
        return page(request, user, f"记录已导入{note}")

    @router.post("/supervision/proposals/{proposal_id}/decide", response_class=HTMLResponse, dependencies=[CSRF])
    def decide(request: Request, proposal_id: IdPath, decision: str = Form(""), reason: str = Form(""),
               user: CurrentUser = manager) -> Response:
        from ipcredit.supervision.service import decide_revocation

        if decision not in ("accept", "reject"):
            return page(request, user, "请选择接受或驳回 (choose accept or reject)", "error", 422)
        try:
            with uow(request) as u:
                proposal_in_agency(u, proposal_id, user.agency_id)
                decide_revocation(u, proposal_id, decision == "accept", reason, user.display_name, dt.date.today())
        except RuleViolation as exc:
            return page(request, user, f"撤销建议未决定：{exc}", "error", 404 if isinstance(exc, NotFound) else 409)
        return RedirectResponse(f"/supervision?ok={'accepted' if decision == 'accept' else 'rejected'}", status_code=303)

    return router

