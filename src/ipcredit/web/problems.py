"""RFC 9457 problem details (``application/problem+json``) in Chinese with English alongside.

API routes answer every error with a problem document; page routes answer with an error
page. A traceback is never shown: unexpected errors are logged and answered with a 500
problem that says only that something went wrong.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.errors import InputError, Problem

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("ipcredit.web")

# status → (type, Chinese title, English title)
STATUS_TITLES: dict[int, tuple[str, str]] = {
    400: ("请求无法解析", "Bad request"),
    401: ("需要登录", "Authentication required"),
    403: ("无权访问", "Forbidden"),
    404: ("未找到", "Not found"),
    405: ("不支持该请求方法", "Method not allowed"),
    409: ("状态冲突", "Conflict"),
    413: ("请求内容过大", "Content too large"),
    415: ("不支持的内容类型", "Unsupported media type"),
    422: ("输入无效", "Invalid input"),
    429: ("请求过于频繁", "Too many requests"),
    500: ("服务器内部错误", "Internal server error"),
    503: ("服务暂不可用", "Service unavailable"),
}


class ApiProblem(Exception):
    """An error an API route answers with a problem document."""

    def __init__(self, status: int, detail: str, detail_en: str, *, kind: str = "about:blank",
                 problems: Iterable[Problem] = (), title: tuple[str, str] | None = None):
        super().__init__(detail_en)
        self.status, self.detail, self.detail_en, self.kind = status, detail, detail_en, kind
        self.problems = list(problems)
        self.title = title or STATUS_TITLES.get(status, ("错误", "Error"))


def invalid_facts(exc: InputError) -> ApiProblem:
    n = len(exc.problems)
    return ApiProblem(
        422, f"事实文件有 {n} 处问题，见 errors。", f"The facts document has {n} problem(s); see errors.",
        kind="urn:ipcredit:problem:invalid-facts", problems=exc.problems,
        title=("事实文件无效", "Invalid facts document"),
    )


def problem_body(request: Request, p: ApiProblem) -> dict[str, Any]:
    return {
        "type": p.kind, "title": p.title[0], "title_en": p.title[1], "status": p.status,
        "detail": p.detail, "detail_en": p.detail_en, "instance": request.url.path,
        "errors": [{"path": x.path, "message": x.message} for x in p.problems],
    }


def problem_response(request: Request, p: ApiProblem, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(problem_body(request, p), status_code=p.status, media_type=PROBLEM_JSON, headers=headers)


def document_problems(doc: dict[str, Any]) -> dict[str, Any]:
    """Every error response of the OpenAPI document as it is served: ``application/problem+json``
    with the `ProblemDetails` schema (FastAPI would declare ``application/json`` and, for 422,
    its own validation-error shape, which this application never sends)."""
    ref = {"$ref": "#/components/schemas/ProblemDetails"}
    for operations in doc.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if status.isdigit() and int(status) >= 400:
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
    schemas = doc.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return doc


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_handlers(app: FastAPI, page_error: Any) -> None:
    """Problem documents for API paths; ``page_error(request, status, message)`` for pages."""

    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> Response:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [Problem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        p = ApiProblem(422, "请求参数无效，见 errors。", "Invalid request parameters; see errors.", problems=problems)
        if _is_api(request):
            return problem_response(request, p)
        named = "；".join(f"{q.path}：{q.message}" for q in problems)
        return page_error(request, 422, f"请求参数无效 (invalid request parameters)：{named}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        zh, en = STATUS_TITLES.get(exc.status_code, ("错误", "Error"))
        generic = isinstance(exc.detail, str) and exc.detail.lower() in (zh, en.lower())
        detail = exc.detail if isinstance(exc.detail, str) and not generic else ""
        if _is_api(request):
            p = ApiProblem(exc.status_code, detail or zh, en)
            return problem_response(request, p, getattr(exc, "headers", None))
        return page_error(request, exc.status_code, detail or zh, getattr(exc, "headers", None))

    @app.exception_handler(RuleViolation)
    async def _rule(request: Request, exc: RuleViolation) -> Response:
        status = 404 if isinstance(exc, NotFound) else 409
        if _is_api(request):
            return problem_response(request, ApiProblem(status, str(exc), "Refused by a rule of the workflow."))
        return page_error(request, status, str(exc))

    from sqlalchemy.exc import OperationalError, ProgrammingError

    async def _database(request: Request, exc: Exception) -> Response:
        log.error("database unavailable: %s", str(exc).splitlines()[0])
        msg = "数据库不可用或未初始化，请运行 ipcredit db upgrade 后重试。"
        p = ApiProblem(503, msg, "The database is unavailable or not migrated (run ipcredit db upgrade).")
        return problem_response(request, p) if _is_api(request) else page_error(request, 503, msg)

    app.add_exception_handler(OperationalError, _database)
    app.add_exception_handler(ProgrammingError, _database)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        p = ApiProblem(500, "服务器出错，请稍后再试；问题已记录。", "Something went wrong; it has been logged.")
        return problem_response(request, p) if _is_api(request) else page_error(request, 500, p.detail)
