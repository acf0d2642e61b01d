"""Pydantic schemas of the cases API (``/api/v1/cases``), documented in OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ipcredit.web.schemas import EvaluationOut


class CaseOut(BaseModel):
    """一个评价案件 / one evaluation case."""

    id: int
    state: str = Field(description="状态，如 applied、collecting、issued / state of the workflow")
    state_label: str = Field(description="状态（中文）")
    kind: str = Field(description="initial（首次评价）或 recheck（年度抽查复核）")
    enterprise: str
    credit_code: str
    applied_on: str


class CaseListOut(BaseModel):
    total: int = Field(description="符合条件的案件数 / cases matching the filters")
    offset: int
    limit: int
    items: list[CaseOut]


class TeamMemberOut(BaseModel):
    person_id: int
    name: str
    role: str


class ReportOut(BaseModel):
    number: str
    verification_code: str
    issued_on: str
    valid_until: str
    grade: str
    status: str
    delivered_on: str | None = None


class EventOut(BaseModel):
    at: str = Field(description="UTC 时间 / time (UTC, ISO 8601)")
    actor: str
    action: str
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    detail: dict[str, Any] | None = Field(None, description="细节（仅机构用户可见）/ details, agency users only")


class CaseDetailOut(CaseOut):
    """案件及其时间线 / a case with its team, report and timeline (oldest event first)."""

    contract_no: str | None = None
    facts_version: int
    team: list[TeamMemberOut]
    report: ReportOut | None = None
    timeline: list[EventOut]


class CaseScoringOut(BaseModel):
    """案件的评分 / the scoring of a case: the issued report's, else the latest draft."""

    case_id: int
    purpose: str = Field(description="draft（初稿）、correction、reevaluation、recheck；issued 表示已出具报告所用评分")
    scoring_id: int
    total: float
    grade: str
    model_id: str
    model_version: str
    profile: str
    result: EvaluationOut
