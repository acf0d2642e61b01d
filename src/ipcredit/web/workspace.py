"""Agency workspace pages: the dashboard and a case page with its timeline and the actions
its state allows (each posted to ``/cases/{id}/actions/{name}``)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import NotFound
from ipcredit.web.case_actions import BY_NAME, Ctx, allowed_actions, run_action
from ipcredit.web.security import CSRF, require, uow
from ipcredit.web.uploads import UploadRejected, check_case_uploads, safe_filename
from ipcredit.web.workspace_data import case_for, case_page, dashboard
from ipcredit.web.params import IdPath


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def show_case(request: Request, user: CurrentUser, case_id: int, flash: str | None = None,
                  kind: str = "ok", status: int = 200) -> Response:
        with uow(request) as u:
            case = case_for(u, case_id, user)
            ctx = case_page(u, case, user)
        open_kinds = {o["kind"] for o in ctx["objections"] if o["status"] == "open"}
        actions = [a for a in allowed_actions(ctx["case"]["state"], user)
                   if all(f.kind[10:] in open_kinds for f in a.fields if f.kind.startswith("objection:"))]
        ctx.update(me=user, actions=actions, flash=flash, flash_kind=kind)
        return templates.TemplateResponse(request, "case.html", ctx, status_code=status)

    @router.get("/workspace", response_class=HTMLResponse)
    def workspace(request: Request, user: CurrentUser = Depends(require("workspace.view"))) -> Response:
        from ipcredit.web.supervision_data import runs_of

        with uow(request) as u:
            ctx = dashboard(u, user, dt.date.today())
            ctx["sampling"] = runs_of(u, user.agency_id)[:3]
        return templates.TemplateResponse(request, "workspace.html", {**ctx, "me": user})

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_view(request: Request, case_id: IdPath, ok: str | None = None,
                  user: CurrentUser = Depends(require("case.view"))) -> Response:
        action = BY_NAME.get(ok or "")
        return show_case(request, user, case_id, action.done if action else None)

    @router.get("/cases/{case_id}/evidence/{sha256}")
    def evidence(request: Request, case_id: IdPath, sha256: str,
                 user: CurrentUser = Depends(require("workspace.view"))) -> Response:
        """An evidence file of one of the case's facts (agency users of the case's agency)."""
        from sqlalchemy import select

        from ipcredit.cases.collection import read_evidence
        from ipcredit.cases.models import CaseFact, EvidenceFile, FactEvidence

        with uow(request) as u:
            case_for(u, case_id, user)
            link = u.s.scalars(select(FactEvidence).join(CaseFact, CaseFact.id == FactEvidence.fact_id)
                               .where(CaseFact.case_id == case_id, FactEvidence.sha256 == sha256)).first()
            if link is None:
                raise NotFound("该案件没有此证据文件 (no such evidence)")
            media = u.s.get(EvidenceFile, sha256).media_type
            data = read_evidence(u, sha256, case_id)
        disposition = f"attachment; filename=\"evidence\"; filename*=UTF-8''{quote(link.filename)}"
        return Response(data, media_type=media, headers={"Content-Disposition": disposition})

    @router.get("/templates/records.xlsx")
    def records_template(user: CurrentUser = Depends(require("case.collect"))) -> Response:
        """The facts slice's record-table workbook, one sheet per table, with a guide sheet."""
        import tempfile
        from pathlib import Path

        from ipcredit.facts.template import write_template

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "records.xlsx"
            write_template(path)
            data = path.read_bytes()
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(data, media_type=xlsx, headers={"Content-Disposition": 'attachment; filename="records.xlsx"'})

    @router.post("/cases/{case_id}/actions/{name}", response_class=HTMLResponse, dependencies=[CSRF])
    async def case_action(request: Request, case_id: IdPath, name: str,
                          user: CurrentUser = Depends(require("case.view"))) -> Response:
        action = BY_NAME.get(name)
        if action is None:
            raise NotFound(f"没有操作 {name} (no such action)")
        form = await request.form()
        files = {k: await v.read() for k, v in form.items() if hasattr(v, "read")}
        names = {k: safe_filename(v.filename, k) for k, v in form.items() if hasattr(v, "read")}
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        with uow(request) as u:
            permitted = action in allowed_actions(case_for(u, case_id, user).state, user)
        if not permitted:   # (rendered after the unit of work is closed: SQLite has one writer)
            return show_case(request, user, case_id, f"当前状态或您的角色不允许「{action.label}」", "error", 403)
        try:
            check_case_uploads(files, names)
        except UploadRejected as exc:
            return show_case(request, user, case_id, f"「{action.label}」未完成：{exc.message}", "error", exc.status)
        with uow(request) as u:
            error = run_action(action, Ctx(u, case_id, values, user, dt.date.today(), files, names))
        if error:
            return show_case(request, user, case_id, f"「{action.label}」未完成：{error}", "error", 409)
        return RedirectResponse(f"/cases/{case_id}?ok={name}", status_code=303)

    return router
