"""`create_app(settings)`: the FastAPI application. Nothing connects or reads files at import."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from urllib.parse import quote

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ipcredit.web import (admin, api, auth_pages, batch_upload, cases_api, disclosure_api, docs_ui, portal,
                          report_pages, selfassess, supervision, verify, workspace)
from ipcredit.web.db_access import uow_factory
from ipcredit.web.problems import STATUS_TITLES, document_problems, install_handlers
from ipcredit.web.security import current_user, set_csrf_cookie
from ipcredit.web.settings import WebSettings, get_web_settings
from ipcredit.web.templating import STATIC, build_templates
from ipcredit.web.uploads import BodyLimitMiddleware

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'self'")


def _security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        from ipcredit.audit.context import begin_request

        begin_request(request.client.host if request.client else None)  # audit: who (once known) and from where
        response = await call_next(request)
        set_csrf_cookie(request, response)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


def _openapi(app: FastAPI) -> None:
    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _, components = api.facts_schemas()
            doc.setdefault("components", {}).setdefault("schemas", {}).update(components)
            app.openapi_schema = document_problems(doc)
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or get_web_settings()
    app = FastAPI(
        title="ipcredit API", version="1",
        description="企业知识产权信用评价（T/CFIE 002—2023）JSON API。错误以 RFC 9457 problem details 返回（中英文）。",
        docs_url=None, redoc_url=None,
    )
    app.state.settings = settings
    app.state.uow_factory = uow_factory(settings)
    templates = build_templates()
    app.state.templates = templates

    def page_error(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        if status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        zh, en = STATUS_TITLES.get(status, ("错误", "Error"))
        ctx = {"status": status, "title": zh, "title_en": en, "message": message}
        return templates.TemplateResponse(request, "error.html", ctx, status_code=status, headers=headers)

    install_handlers(app, page_error)
    # inside the headers middleware, so that its 413 reaches the error handlers directly
    app.add_middleware(BodyLimitMiddleware, default_limit=lambda: settings.max_upload_bytes)
    _security_headers(app)
    _openapi(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(api.build_router())
    app.include_router(disclosure_api.build_router())
    app.include_router(cases_api.build_router())
    app.include_router(selfassess.build_router(templates))
    app.include_router(auth_pages.build_router(templates))
    app.include_router(workspace.build_router(templates))
    app.include_router(portal.build_router(templates))
    app.include_router(verify.build_router(templates))
    app.include_router(docs_ui.build_router(templates))
    app.include_router(admin.build_router(templates))
    app.include_router(supervision.build_router(templates))
    app.include_router(report_pages.build_router())
    app.include_router(batch_upload.build_router(templates))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return templates.TemplateResponse(request, "home.html", {"me": current_user(request)})

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
