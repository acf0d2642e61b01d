"""Who is asking, and may they: session cookie → user, declarative permissions, CSRF.

Every page or API route either is public or names one permission of
`ipcredit.auth.domain.PERMISSIONS` through ``Depends(require("case.view"))``; a test walks
the routes to keep it so. CSRF: every form carries ``csrf_token`` (HTMX sends it as
``X-CSRF-Token``): the session's token when logged in, otherwise a random token also set as
an HttpOnly SameSite=Strict cookie (double submit) — so the login form is protected too.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any, Callable

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from ipcredit.auth.service import CurrentUser

SESSION_COOKIE = "ipcredit_session"
CSRF_COOKIE = "ipcredit_csrf"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def uow(request: Request):
    """A new unit of work on the application's database."""
    factory = request.app.state.uow_factory
    return factory()


def current_user(request: Request) -> CurrentUser | None:
    if hasattr(request.state, "user"):
        return request.state.user
    token = request.cookies.get(SESSION_COOKIE)
    user = None
    if token:
        from ipcredit.auth.service import session_user

        with uow(request) as u:
            user = session_user(u, token)
    if user is not None:
        from ipcredit.audit.context import identify

        identify(user.username, user.role)  # the audit log's actor for this request
    request.state.user = user
    return user


def require(permission: str) -> Callable[..., CurrentUser]:
    """A dependency: the logged-in user holding ``permission`` (401 / 403 otherwise)."""
    from ipcredit.auth.domain import PERMISSIONS

    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def dependency(request: Request) -> CurrentUser:
        user = current_user(request)
        if user is None:
            raise HTTPException(401, "请先登录 (login required)")
        if not user.can(permission):
            raise HTTPException(403, f"您的角色（{user.role_label}）无权进行此操作 (forbidden)")
        return user

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


def csrf_token(request: Request) -> str:
    """The token forms of this request must carry."""
    user = current_user(request)
    if user is not None:
        return user.csrf_token
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return token


def set_csrf_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/",
                            secure=request.app.state.settings.secure_cookies)


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose token does not match (403)."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get("X-CSRF-Token")
    if not sent:
        form = await request.form()
        sent = form.get("csrf_token")
    user = current_user(request)
    expected = user.csrf_token if user is not None else request.cookies.get(CSRF_COOKIE)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试 (CSRF check failed)")


CSRF = Depends(csrf_protect)


def api_routes(routes: list[Any]) -> list[Any]:
    """Every `APIRoute`, also inside included routers (FastAPI ≥ 0.16x keeps them nested)."""
    from fastapi.routing import APIRoute

    out = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out.extend(api_routes(route.original_router.routes))
    return out


def route_permission(route: Any) -> str | None:
    """The permission a route requires (for the test that every route is guarded), or
    ``api_client`` for a route guarded by a third party's API token."""
    for dep in getattr(route, "dependant", None).dependencies if hasattr(route, "dependant") else []:
        found = _find(dep)
        if found:
            return found
    return None


def _find(dep: Any) -> str | None:
    perm = getattr(dep.call, "permission", None)
    if perm is None and getattr(dep.call, "client_auth", False):
        perm = "api_client"   # third-party API client token (ipcredit.web.disclosure_api)
    if perm:
        return perm
    for sub in dep.dependencies:
        found = _find(sub)
        if found:
            return found
    return None
