"""Self-assessment calculator (企业自评): public, scores the entered facts live via HTMX.

``GET /self-assessment`` shows the form (``?example=sample-a`` fills in SPEC's sample);
``POST /self-assessment`` scores it — an HTMX request gets the result panel plus
out-of-band error slots next to each field, a plain form post gets the whole page; ``POST
/self-assessment/upload`` reads a facts YAML/JSON file into the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

import ipcredit
from ipcredit.errors import InputError, Problem
from ipcredit.standard import bundled_model, parse_facts
from ipcredit.standard.engine import Evaluation
from ipcredit.standard.facts import FIELD_LABELS, field_kinds
from ipcredit.standard.whatif import WhatIf, what_if
from ipcredit.web.facts_form import (
    RECORD_FIELDS, FormState, dom_id, empty_row, error_target, form_to_document, state_from_document,
    state_from_form,
)
from ipcredit.web.radar import radar_svg
from ipcredit.web.security import CSRF
from ipcredit.yamlio import load_file, loads

EXAMPLES = {"sample-a": "models/t-cfie-002-2023/cases/002-sample-a.yaml"}
KIND_LABELS = {
    "national_award": "国家级知识产权奖励（+10，近 5 年）",
    "provincial_award": "省级政府知识产权奖励（+6，近 3 年）",
    "good_record_provincial": "省级以上信用优良证明（+4）",
    "good_record_county": "县级以上信用优良证明（+2）",
    "bad_record": "不良记录（−10）",
    "infringement": "侵权等认定（酌定 0–10 分）",
}
STATUS_LABELS = {"verified": "已核实", "unverified": "未核实", "rejected": "已剔除（异议成立）"}
OTHER_FIELDS = {"evaluation_date": "评价日", "base_date": "评价基准日（可空）",
                "enterprise.name": "企业名称", "enterprise.credit_code": "统一社会信用代码",
                "enterprise.industry": "国民经济行业代码（可空，如 C39）"}


@dataclass
class Outcome:
    """What the result panel shows: a scoring or the problems that prevented it."""

    state: FormState
    tokens: list[str]
    evaluation: Evaluation | None = None
    whatif: WhatIf | None = None
    errors: dict[str, str] = field(default_factory=dict)      # error slot id → message
    general: list[Problem] = field(default_factory=list)      # problems no field shows


def labels() -> dict[str, str]:
    return {**FIELD_LABELS, **OTHER_FIELDS}


def today() -> str:
    return dt.date.today().isoformat()


def score(state: FormState, doc: dict[str, Any], problems: list[Problem], tokens: list[str]) -> Outcome:
    out = Outcome(state, tokens)
    model = bundled_model()
    found = list(problems)   # the form's own, e.g. a word where a number belongs
    try:
        facts = parse_facts(doc)
    except InputError as exc:
        found += exc.problems
    if found:
        for p in found:
            target = error_target(p.path, tokens)
            if target and target not in out.errors:
                out.errors[target] = p.message
            elif not target:
                out.general.append(p)
        return out
    profile = state.profile if state.profile in model.profiles else None
    out.whatif = what_if(facts, model, profile)
    out.evaluation = out.whatif.evaluation
    return out


def error_slots(tokens: list[str]) -> list[str]:
    paths = list(OTHER_FIELDS) + [p for p in field_kinds() if p not in OTHER_FIELDS]
    slots = [f"err-{dom_id(p)}" for p in paths]
    slots += [f"err-rec-{t}-{name}" for t in tokens for name in RECORD_FIELDS]
    return slots


def example_state(name: str) -> FormState | None:
    rel = EXAMPLES.get(name)
    if rel is None:
        return None
    case = load_file(Path(ipcredit.__file__).parent / rel)
    return state_from_document(parse_facts(case["facts"]).to_document())


def build_router(templates) -> APIRouter:
    router = APIRouter(tags=["自评 / self-assessment"], include_in_schema=False, dependencies=[CSRF])
    model = bundled_model()

    def page(request: Request, outcome: Outcome, status: int = 200, upload_problems=None) -> HTMLResponse:
        ctx = {"o": outcome, "labels": labels(), "kinds": field_kinds(), "model": model,
               "kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS,
               "categories": [(r.category, r.name) for r in model.behavior.rules if r.category],
               "upload_problems": upload_problems or [], "radar": _radar(outcome)}
        return templates.TemplateResponse(request, "selfassess.html", ctx, status_code=status)

    @router.get("/self-assessment", response_class=HTMLResponse)
    def show(request: Request, example: str | None = None) -> HTMLResponse:
        state = example_state(example) if example else None
        if state is None:
            state = FormState(values={"evaluation_date": today()})
            return page(request, Outcome(state, []))
        doc, problems, tokens = form_to_document(_StateForm(state))
        return page(request, score(state, doc, problems, tokens))

    @router.post("/self-assessment", response_class=HTMLResponse)
    async def post(request: Request) -> HTMLResponse:
        form = await request.form()
        doc, problems, tokens = form_to_document(form)
        # scoring and what-if are CPU work (up to ~0.5 s for sparse facts): off the event loop
        outcome = await run_in_threadpool(score, state_from_form(form), doc, problems, tokens)
        if request.headers.get("HX-Request") != "true":
            return page(request, outcome)
        ctx = {"o": outcome, "slots": error_slots(tokens), "radar": _radar(outcome)}
        return templates.TemplateResponse(request, "_selfassess_result.html", ctx)

    @router.get("/self-assessment/record-row", response_class=HTMLResponse)
    def record_row(request: Request, kind: str = "national_award") -> HTMLResponse:
        kind = kind if kind in KIND_LABELS else "national_award"
        ctx = {"row": empty_row(kind), "kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS,
               "categories": [(r.category, r.name) for r in model.behavior.rules if r.category], "o": None}
        return templates.TemplateResponse(request, "_record_row.html", ctx)

    @router.post("/self-assessment/upload", response_class=HTMLResponse)
    async def upload(request: Request, facts_file: UploadFile) -> HTMLResponse:
        limit = request.app.state.settings.max_upload_bytes
        raw = await facts_file.read(limit + 1)
        name = facts_file.filename or "upload"
        try:
            doc = _read_upload(raw, name, limit)
            facts = parse_facts(doc, name)
        except InputError as exc:
            outcome = Outcome(FormState(values={"evaluation_date": today()}), [])
            return page(request, outcome, 422, [f"{name}: {line}" if not line.startswith(name) else line for line in exc.lines()])
        state = state_from_document(facts.to_document())
        doc2, problems, tokens = form_to_document(_StateForm(state))
        return page(request, await run_in_threadpool(score, state, doc2, problems, tokens))

    return router


def _read_upload(raw: bytes, name: str, limit: int) -> Any:
    if len(raw) > limit:
        raise InputError(Problem("", f"文件超过 {limit // 1000} KB (file too large)"), name)
    if not raw.strip():
        raise InputError(Problem("", "文件为空 (empty file)"), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(Problem("", "文件不是 UTF-8 编码的文本 (not UTF-8 text)"), name) from None
    suffix = Path(name).suffix.lower()
    fmt = "json" if suffix == ".json" else ("yaml" if suffix in (".yaml", ".yml") else None)
    return loads(text, name, fmt)


def _radar(outcome: Outcome):
    ev = outcome.evaluation
    if ev is None:
        return None
    return radar_svg([(d.name, d.score, d.max) for d in ev.dimensions], title="三个维度得分雷达图")


class _StateForm:
    """A `FormState` seen as a submitted form (to score an example or an uploaded file)."""

    def __init__(self, state: FormState):
        self.state = state

    def get(self, key: str, default: Any = None) -> Any:
        value = self.state.values.get(key, default)
        return value if not isinstance(value, list) else default

    def getlist(self, key: str) -> list[Any]:
        if key.startswith("rec."):
            return [row.get(key[4:], "") for row in self.state.rows]
        value = self.state.values.get(key)
        return value if isinstance(value, list) else ([] if value is None else [value])
