"""``GET /api/v1/disclosures/{credit_code}``: a report user's (bank's) API client reads an
enterprise's latest report details — only under an active consent of that enterprise naming
that client (SPEC §5). Every answer with details is written to the disclosure log first.

Authentication: ``Authorization: Bearer <token>`` (tokens from ``ipcredit client add``, stored
hashed). No or unknown token → 401; no consent → 403; both as problem details.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ipcredit.web.problems import ApiProblem
from ipcredit.web.schemas import DisclosureOut, ProblemDetails
from ipcredit.web.security import uow

BEARER = HTTPBearer(auto_error=False, description="第三方接口令牌（ipcredit client add）/ API client token")
ERRORS = {
    401: {"model": ProblemDetails, "description": "缺少或无效的令牌 / missing or unknown token"},
    403: {"model": ProblemDetails, "description": "企业未授权该第三方 / no active consent for this client"},
    404: {"model": ProblemDetails, "description": "企业尚无已出具的报告 / no issued report"},
    422: {"model": ProblemDetails, "description": "统一社会信用代码格式无效 / malformed credit code"},
}
CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"


def api_client(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(BEARER)):
    """The active API client of the bearer token, or a 401 problem."""
    from ipcredit.consent.domain import bearer_token
    from ipcredit.consent.service import client_by_token

    token = bearer_token(f"Bearer {credentials.credentials}") if credentials else None
    client = None
    if token:
        with uow(request) as u:
            client = client_by_token(u, token)
    if client is None:
        raise ApiProblem(401, "缺少或无效的第三方接口令牌。", "Missing or unknown API client token.")
    return client


api_client.client_auth = True  # type: ignore[attr-defined]  # (the route-guard test looks for it)


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["披露 / disclosure"])

    @router.get("/disclosures/{credit_code}", response_model=DisclosureOut, responses=ERRORS,
                summary="经企业授权查询报告详情 / report details under the enterprise's consent")
    async def disclosure(request: Request, credit_code: str, client=Depends(api_client)) -> Any:
        """受评企业授权本第三方后，返回其最新报告的等级、总分与有效期；每次披露记入披露日志。"""
        import re

        from ipcredit.consent.disclosure import api_disclosure
        from ipcredit.consent.service import ConsentMissing
        from ipcredit.domain_errors import NotFound

        if not re.fullmatch(CODE_PATTERN, credit_code):
            raise ApiProblem(422, f"统一社会信用代码 {credit_code[:40]!r} 格式无效（18 位）。", "Malformed credit code.")
        remote = request.client.host if request.client else None

        def load() -> dict:
            with uow(request) as u:
                return api_disclosure(u, client, credit_code, dt.date.today(), remote)

        try:
            return await run_in_threadpool(load)
        except ConsentMissing as exc:
            raise ApiProblem(403, str(exc), "No active consent of this enterprise for this client.") from None
        except NotFound as exc:
            raise ApiProblem(404, str(exc), "The enterprise has no issued report.") from None

    return router
