"""JSON API of cases: ``/api/v1/cases`` (list with filters), one case with its timeline, and
the scoring of a case. Same permission as the pages (``case.view``): agency users see their
agency's cases, an enterprise user only its enterprise's; another case answers 404."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func, select

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import NotFound
from ipcredit.web.case_schemas import CaseDetailOut, CaseListOut, CaseScoringOut
from ipcredit.web.problems import ApiProblem
from ipcredit.web.schemas import ProblemDetails
from ipcredit.web.security import require, uow
from ipcredit.web.workspace_data import case_for
from ipcredit.web.params import MAX_ID, IdPath

ERRORS = {
    401: {"model": ProblemDetails, "description": "未登录 / login required"},
    403: {"model": ProblemDetails, "description": "角色无权 / role not allowed"},
    404: {"model": ProblemDetails, "description": "案件不存在或无权查看 / no such case (or not yours)"},
    422: {"model": ProblemDetails, "description": "查询参数无效 / invalid query parameter"},
}
MAX_LIMIT = 200


def _case_row(c) -> dict[str, Any]:
    from ipcredit.cases.domain import STATE_LABELS

    return {"id": c.id, "state": c.state, "state_label": STATE_LABELS[c.state], "kind": c.kind,
            "enterprise": c.enterprise.name, "credit_code": c.enterprise.credit_code,
            "applied_on": c.applied_on.isoformat()}


def _visible(stmt, user: CurrentUser):
    from ipcredit.cases.models import Case

    if user.role == "enterprise_user":
        return stmt.where(Case.enterprise_id == user.enterprise_id)
    return stmt.where(Case.agency_id == user.agency_id)


def list_visible_cases(u, user: CurrentUser, state: str | None, kind: str | None,
                       credit_code: str | None, offset: int, limit: int) -> dict[str, Any]:
    from ipcredit.cases.domain import STATE_LABELS
    from ipcredit.cases.models import Case, Enterprise

    if state is not None and state not in STATE_LABELS:
        raise ApiProblem(422, f"未知状态 {state!r}，可选：{', '.join(STATE_LABELS)}", f"Unknown state {state!r}.")
    if kind is not None and kind not in ("initial", "recheck"):
        raise ApiProblem(422, f"未知案件类型 {kind!r}，可选：initial、recheck", f"Unknown kind {kind!r}.")
    stmt = _visible(select(Case), user)
    if state:
        stmt = stmt.where(Case.state == state)
    if kind:
        stmt = stmt.where(Case.kind == kind)
    if credit_code:
        stmt = stmt.join(Enterprise, Enterprise.id == Case.enterprise_id).where(
            Enterprise.credit_code == credit_code.strip().upper())
    total = u.s.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = u.s.scalars(stmt.order_by(Case.id).offset(offset).limit(limit))
    return {"total": total, "offset": offset, "limit": limit, "items": [_case_row(c) for c in rows]}


def _report(u, case_id: int) -> dict[str, Any] | None:
    from ipcredit.issuance.models import IssuedReport

    r = u.s.scalars(select(IssuedReport).where(IssuedReport.case_id == case_id).order_by(IssuedReport.id.desc())).first()
    if r is None:
        return None
    return {"number": r.number, "verification_code": r.verification_code, "issued_on": r.issued_on.isoformat(),
            "valid_until": r.valid_until.isoformat(), "grade": r.grade, "status": r.status,
            "delivered_on": r.delivered_on.isoformat() if r.delivered_on else None}


def case_detail(u, case_id: int, user: CurrentUser) -> dict[str, Any]:
    from ipcredit.cases.service import case_summary, case_timeline

    case = case_for(u, case_id, user)
    summary = case_summary(u, case.id)
    agency_user = user.role != "enterprise_user"
    events = [{"at": e["at"], "actor": e["actor"], "action": e["action"], "from_state": e["from"],
               "to_state": e["to"], "reason": e["reason"], "detail": e["detail"] if agency_user else None}
              for e in case_timeline(u, case.id)]
    return {**_case_row(case), "contract_no": summary["contract_no"], "facts_version": summary["facts_version"],
            "team": summary["team"], "report": _report(u, case.id), "timeline": events}


def case_scoring(u, case_id: int, user: CurrentUser) -> dict[str, Any]:
    """The issued report's scoring, else (agency users only) the latest draft scoring."""
    from ipcredit.cases.models import Scoring
    from ipcredit.cases.repository import draft_scoring
    from ipcredit.issuance.models import IssuedReport

    case = case_for(u, case_id, user)
    report = u.s.scalars(select(IssuedReport).where(IssuedReport.case_id == case.id).order_by(IssuedReport.id.desc())).first()
    scoring, purpose = (u.s.get(Scoring, report.scoring_id), "issued") if report else (None, "")
    if scoring is None and user.role != "enterprise_user":
        scoring = draft_scoring(u.s, case.id)
        purpose = scoring.purpose if scoring else ""
    if scoring is None:
        raise NotFound(f"案件 {case_id} 尚无可查看的评分 (no scoring yet)")
    if scoring.result is None:
        raise NotFound(f"案件 {case_id} 的评分明细已按 5 年期限去除 (scoring details withdrawn, §5.3.10)")
    return {"case_id": case.id, "purpose": purpose, "scoring_id": scoring.id, "total": scoring.total,
            "grade": scoring.grade, "model_id": scoring.model_id, "model_version": scoring.model_version,
            "profile": scoring.profile, "result": scoring.result}


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/cases", tags=["案件 / cases"], responses=ERRORS)
    viewer = Depends(require("case.view"))

    @router.get("", response_model=CaseListOut, summary="案件列表 / list cases")
    def list_cases_api(request: Request, state: str | None = Query(None, description="按状态筛选，如 issued"),
                       kind: str | None = Query(None, description="initial 或 recheck"),
                       credit_code: str | None = Query(None, description="统一社会信用代码"),
                       offset: int = Query(0, ge=0, le=MAX_ID), limit: int = Query(50, ge=1, le=MAX_LIMIT),
                       user: CurrentUser = viewer) -> Any:
        """机构用户看到本机构的案件，企业用户只看到本企业的案件。"""
        with uow(request) as u:
            return list_visible_cases(u, user, state, kind, credit_code, offset, limit)

    @router.get("/{case_id}", response_model=CaseDetailOut, summary="案件详情与时间线 / one case")
    def case_api(request: Request, case_id: IdPath, user: CurrentUser = viewer) -> Any:
        with uow(request) as u:
            return case_detail(u, case_id, user)

    @router.get("/{case_id}/scoring", response_model=CaseScoringOut, response_model_exclude_none=True,
                summary="案件评分 / the scoring of a case")
    def scoring_api(request: Request, case_id: IdPath, user: CurrentUser = viewer) -> Any:
        """已出具报告所用的评分；未出具时为最新初稿评分（仅机构用户）。"""
        with uow(request) as u:
            return case_scoring(u, case_id, user)

    return router
