"""账户管理 (admin only, ``users.manage``): list users, create one with a role (and its
enterprise for an enterprise user), unlock a locked account, disable an account. The rules
(password length, role, scope, unique username) are the auth service's."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import RuleViolation
from ipcredit.web.security import CSRF, require, uow
from ipcredit.web.params import IdPath, optional_int

DONE = {"created": "账户已创建", "unlocked": "账户已解锁", "disabled": "账户已停用，其会话已结束"}


def _choices(u, agency_id: int | None) -> dict:
    from ipcredit.agencies.models import Person
    from ipcredit.cases.models import Enterprise

    enterprises = [(e.id, e.name) for e in u.s.scalars(select(Enterprise).order_by(Enterprise.id))]
    people = [(p.id, p.name) for p in u.s.scalars(select(Person).where(Person.agency_id == agency_id).order_by(Person.id))]
    return {"enterprises": enterprises, "people": people}


def build_router(templates) -> APIRouter:
    from ipcredit.auth.domain import ROLE_LABELS

    router = APIRouter(include_in_schema=False)
    admin = Depends(require("users.manage"))

    def page(request: Request, user: CurrentUser, flash: str | None = None, kind: str = "ok", status: int = 200,
             form: dict | None = None) -> Response:
        from ipcredit.auth.service import list_users

        with uow(request) as u:
            ctx = {"users": list_users(u), **_choices(u, user.agency_id)}
        ctx.update(me=user, flash=flash, flash_kind=kind, roles=ROLE_LABELS, form=form or {})
        return templates.TemplateResponse(request, "admin_users.html", ctx, status_code=status)

    @router.get("/admin/users", response_class=HTMLResponse)
    def users(request: Request, ok: str | None = None, user: CurrentUser = admin) -> Response:
        return page(request, user, DONE.get(ok or ""))

    @router.post("/admin/users", response_class=HTMLResponse, dependencies=[CSRF])
    def create(request: Request, username: str = Form(""), display_name: str = Form(""), role: str = Form(""),
               password: str = Form(""), enterprise_id: str = Form(""), person_id: str = Form(""),
               user: CurrentUser = admin) -> Response:
        from ipcredit.auth.service import create_user

        form = {"username": username, "display_name": display_name, "role": role,
                "enterprise_id": enterprise_id, "person_id": person_id}
        try:
            enterprise = optional_int(enterprise_id, "企业无效 (invalid 企业)") if role == "enterprise_user" else None
            person = optional_int(person_id, "评价人员无效 (invalid 评价人员)") if role != "enterprise_user" else None
            with uow(request) as u:
                create_user(u, username, password, role, display_name.strip() or None,
                            agency_id=None if role == "enterprise_user" else user.agency_id,
                            person_id=person, enterprise_id=enterprise)
        except RuleViolation as exc:
            return page(request, user, f"账户未创建：{exc}", "error", 422, form)
        return RedirectResponse("/admin/users?ok=created", status_code=303)

    @router.post("/admin/users/{user_id}/unlock", response_class=HTMLResponse, dependencies=[CSRF])
    def unlock(request: Request, user_id: IdPath, user: CurrentUser = admin) -> Response:
        from ipcredit.auth.service import unlock_user

        try:
            with uow(request) as u:
                unlock_user(u, user_id)
        except RuleViolation as exc:
            return page(request, user, f"未解锁：{exc}", "error", 404)
        return RedirectResponse("/admin/users?ok=unlocked", status_code=303)

    @router.post("/admin/users/{user_id}/disable", response_class=HTMLResponse, dependencies=[CSRF])
    def disable(request: Request, user_id: IdPath, user: CurrentUser = admin) -> Response:
        from ipcredit.auth.service import disable_user

        try:
            with uow(request) as u:
                disable_user(u, user_id, user.id)
        except RuleViolation as exc:
            return page(request, user, f"未停用：{exc}", "error", 409)
        return RedirectResponse("/admin/users?ok=disabled", status_code=303)

    return router
