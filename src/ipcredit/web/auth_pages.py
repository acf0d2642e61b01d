"""Login and logout pages (argon2 passwords, lockout, HttpOnly SameSite session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ipcredit.auth.domain import SESSION_LIFETIME
from ipcredit.auth.service import LoginFailed, log_in, log_out, now_utc
from ipcredit.auth.throttle import AddressThrottle
from ipcredit.web.security import CSRF, SESSION_COOKIE, uow

HOME_OF_ROLE = {"enterprise_user": "/portal", "panel_member": "/workspace", "supervisor": "/workspace"}


def safe_next(target: str | None) -> str | None:
    """Only a local path may be a redirect target (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    throttle = AddressThrottle()   # one per application: failed logins per source address

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str | None = None) -> Response:
        return templates.TemplateResponse(request, "login.html", {"next": safe_next(next) or "", "error": None})

    @router.post("/login", response_class=HTMLResponse, dependencies=[CSRF])
    def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("")) -> Response:
        address, now = (request.client.host if request.client else "unknown"), now_utc()
        wait = throttle.retry_after(address, now)
        if wait is not None:
            msg = f"来自您所在地址的登录失败次数过多，请 {wait} 秒后再试 (too many failed logins from this address)"
            ctx = {"next": safe_next(next) or "", "error": msg, "username": username[:100]}
            return templates.TemplateResponse(request, "login.html", ctx, status_code=429,
                                              headers={"Retry-After": str(wait)})
        try:
            with uow(request) as u:
                token = log_in(u, username, password)
                user = _user_after_login(u, token)
        except LoginFailed as exc:
            throttle.failed(address, now)
            ctx = {"next": safe_next(next) or "", "error": str(exc), "username": username[:100]}
            return templates.TemplateResponse(request, "login.html", ctx, status_code=401)
        target = safe_next(next) or HOME_OF_ROLE.get(user.role, "/workspace")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                            max_age=int(SESSION_LIFETIME.total_seconds()),
                            secure=request.app.state.settings.secure_cookies)
        return response

    @router.post("/logout", dependencies=[CSRF])
    def logout(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            with uow(request) as u:
                log_out(u, token)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return router


def _user_after_login(u, token: str):
    from ipcredit.auth.service import session_user

    return session_user(u, token)
