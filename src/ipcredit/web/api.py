"""JSON API ``/api/v1``: score a facts-v1 document, and the what-if suggestions.

The body is the facts document itself (JSON, or YAML with ``Content-Type:
application/yaml``); numbers with a fraction are read as exact decimals. Invalid facts
answer 422 with one problem per field path, never 500.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic.json_schema import models_json_schema
from starlette.concurrency import run_in_threadpool

from ipcredit.errors import InputError
from ipcredit.standard import bundled_model, evaluate, parse_facts
from ipcredit.standard.facts import Facts
from ipcredit.standard.whatif import what_if
from ipcredit.web.problems import ApiProblem, invalid_facts
from ipcredit.web.schemas import EvaluationOut, ProblemDetails, WhatIfOut
from ipcredit.yamlio import loads

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
SCHEMA_PREFIX = "FactsV1"


class ProfileName(str, Enum):
    points = "points"
    weights = "weights"


def facts_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts-v1 JSON Schema for OpenAPI: (reference to the document, component schemas)."""
    refs, defs = models_json_schema(
        [(Facts, "validation")], by_alias=True,
        ref_template="#/components/schemas/" + SCHEMA_PREFIX + "{model}",
    )
    top = refs[(Facts, "validation")]
    components = {SCHEMA_PREFIX + name: schema for name, schema in defs.get("$defs", {}).items()}
    return top, components


def _body_doc() -> dict[str, Any]:
    ref, _ = facts_schemas()
    example = {
        "schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
        "enterprise": {"name": "示例科技有限公司", "credit_code": "91330106MA2B3C4D5D"},
        "capacity": {"valid_invention_patents": 18},
    }
    return {"requestBody": {"required": True, "description": "事实文件 facts-v1（JSON 或 YAML）", "content": {
        "application/json": {"schema": ref, "example": example},
        "application/yaml": {"schema": {"type": "string"}},
    }}}


ERRORS = {
    400: {"model": ProblemDetails, "description": "请求体无法解析 / body is not JSON or YAML"},
    413: {"model": ProblemDetails, "description": "请求体过大 / body too large"},
    422: {"model": ProblemDetails, "description": "事实文件无效 / invalid facts, one entry per field"},
}


async def read_document(request: Request) -> Any:
    """The request body parsed as JSON or YAML, or a 400/413 problem."""
    limit = request.app.state.settings.max_upload_bytes
    raw = await request.body()
    if len(raw) > limit:
        raise ApiProblem(413, f"请求体超过 {limit} 字节。", f"The body exceeds {limit} bytes.")
    if not raw.strip():
        raise ApiProblem(400, "请求体为空，应为 facts-v1 文档。", "The body is empty; send a facts-v1 document.")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = "yaml" if ctype in YAML_TYPES else ("json" if ctype.endswith("json") else None)
    try:
        text = raw.decode("utf-8-sig")
        return loads(text, "body", fmt)
    except UnicodeDecodeError:
        raise ApiProblem(400, "请求体不是 UTF-8 文本。", "The body is not UTF-8 text.") from None
    except InputError as exc:
        raise ApiProblem(400, exc.problems[0].message, "The body is not valid JSON/YAML.") from None


async def read_facts(request: Request, profile: ProfileName | None):
    doc = await read_document(request)
    try:
        facts = parse_facts(doc)
    except InputError as exc:
        raise invalid_facts(exc) from None
    return facts, bundled_model(), profile.value if profile else None


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["评价 / scoring"])
    profile_q = Query(None, description="口径：points（默认，10/30/60）或 weights（25/40/35）")

    @router.post("/evaluate", response_model=EvaluationOut, response_model_exclude_none=True,
                 responses=ERRORS, openapi_extra=_body_doc(), summary="评价一家企业 / score one enterprise")
    async def evaluate_api(request: Request, profile: ProfileName | None = profile_q) -> Any:
        """按 T/CFIE 002—2023 计分并评级（与 `ipcredit evaluate --format json` 相同）。"""
        facts, model, prof = await read_facts(request, profile)
        return (await run_in_threadpool(evaluate, facts, model, prof)).to_json()

    @router.post("/what-if", response_model=WhatIfOut, responses=ERRORS, openapi_extra=_body_doc(),
                 summary="提升建议 / what would raise the grade")
    async def what_if_api(request: Request, profile: ProfileName | None = profile_q) -> Any:
        """逐项给出最小改变及其得分，并给出达到下一等级的计划（与 `ipcredit what-if` 相同）。"""
        facts, model, prof = await read_facts(request, profile)
        return (await run_in_threadpool(what_if, facts, model, prof)).to_json()

    return router
