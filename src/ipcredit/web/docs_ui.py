"""``/docs``: Swagger UI served from the vendored copy in ``static/`` (no CDN), under the
application's Content-Security-Policy (the start-up script is a static file, not inline)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

SWAGGER_DIR = "swagger-ui-5.35.0"   # swagger-ui-dist 5.35.0 from npm, Apache-2.0 (LICENSE, NOTICE beside it)


def build_router(templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs", response_class=HTMLResponse)
    def swagger_ui(request: Request) -> Response:
        ctx = {"swagger_dir": SWAGGER_DIR, "openapi_url": request.app.openapi_url}
        return templates.TemplateResponse(request, "swagger.html", ctx)

    return router
