"""Pydantic schemas of the JSON API (documented in OpenAPI); outputs mirror SPEC §2.6."""

from __future__ import annotations

from pydantic import BaseModel, Field

Number = int | float


class ModelRef(BaseModel):
    id: str
    version: str
    profile: str = Field(description="口径 points（10/30/60）或 weights（25/40/35）")
    hash: str = Field(description="模型文件内容的 SHA-256 / content hash of the model")


class EnterpriseOut(BaseModel):
    name: str
    credit_code: str
    industry: str | None = None
    annual_revenue_wan: Number | None = None


class DimensionOut(BaseModel):
    id: str
    name: str
    raw: Number
    raw_max: Number
    score: Number
    max: Number


class IndicatorOut(BaseModel):
    id: str
    dimension: str
    name: str
    points: Number
    max: Number
    reason: str = Field(description="计分理由（中文）/ why these points")


class RecordOut(BaseModel):
    index: int
    id: str | None = None
    kind: str
    date: str
    status: str
    rule: str
    category: str | None = None
    title: str | None = None
    source: str | None = None
    repaired_on: str | None = None
    counted: bool
    points: Number
    deduction: Number | None = None
    repair: Number | None = None
    reason: str


class EvaluationOut(BaseModel):
    """评价结果 / the result of `ipcredit evaluate --format json`."""

    model: ModelRef
    enterprise: EnterpriseOut
    evaluation_date: str
    base_date: str
    dimensions: list[DimensionOut]
    indicators: list[IndicatorOut]
    records: list[RecordOut]
    total: Number
    grade: str = Field(description="AAA / AA / A")
    grade_label: str
    grade_description: str


class SuggestionOut(BaseModel):
    target: str
    change: str
    effect: str
    gain: Number
    new_total: Number
    new_grade: str


class WhatIfOut(BaseModel):
    """提升建议 / the result of `ipcredit what-if --format json`."""

    total: Number
    grade: str
    next_grade: str | None
    gap: Number
    suggestions: list[SuggestionOut]
    plan: list[SuggestionOut]
    plan_reaches_next_grade: bool


class FieldProblem(BaseModel):
    path: str = Field(description="字段路径，如 records[2].deduction / field path")
    message: str = Field(description="中文说明（附英文）/ message in Chinese with English")


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with Chinese and English text."""

    type: str
    title: str
    title_en: str
    status: int
    detail: str = ""
    detail_en: str = ""
    instance: str | None = None
    errors: list[FieldProblem] = []


class DisclosureOut(BaseModel):
    """受评企业授权披露的报告详情 / report details disclosed under the enterprise's consent."""

    number: str = Field(description="报告编号 / report number")
    status: str = Field(description="valid / expired / revoked / cancelled")
    status_label: str
    status_reason: str | None = None
    agency: str
    enterprise: str
    credit_code: str
    issued_on: str
    valid_until: str
    grade: str | None = Field(description="信用等级；超过 5 年披露期限时为空 / null beyond the 5-year limit")
    total: str | None = Field(description="总分（十进制字符串）/ total score as a decimal string")
    note: str | None = None
    consent_id: int
    consent_expires_on: str
