"""The scoring engine: facts + model → indicator points, dimension scores, total, grade.

Pure: no I/O. ``evaluate(facts, model, profile)`` returns an `Evaluation` that carries the
model's id, version, profile and content hash, every indicator's points with its reason,
what every behaviour record contributed, and the grade of Appendix B.

Arithmetic (SPEC §2): each indicator rounded to 2 decimals half up; raw = sum; each
dimension score = raw / raw_max × points (behaviour: clamp(start + Σ, floor, ceiling) /
ceiling × points), rounded to 2 decimals; total = sum of the rounded dimension scores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ipcredit.standard.behaviour import RecordResult, behaviour_adjustments
from ipcredit.standard.decimals import ZERO, clamp, json_number, round2
from ipcredit.standard.facts import Facts
from ipcredit.standard.model import Grade, Model, bundled_model
from ipcredit.standard.rules import apply_rule


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    dimension: str
    name: str
    points: Decimal
    max: Decimal
    reason: str
    clause: str = ""


@dataclass(frozen=True)
class DimensionResult:
    id: str
    name: str
    raw: Decimal
    raw_max: Decimal
    score: Decimal
    max: Decimal


@dataclass(frozen=True)
class Evaluation:
    model_id: str
    model_version: str
    model_hash: str
    profile: str
    facts: Facts
    base_date: dt.date
    dimensions: list[DimensionResult]
    indicators: list[IndicatorResult]
    records: list[RecordResult]
    total: Decimal
    grade: Grade
    extras: dict[str, Any] = field(default_factory=dict)

    def dimension(self, dim_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dim_id)

    def indicator(self, ind_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == ind_id)

    def to_json(self) -> dict[str, Any]:
        """The JSON output of SPEC §2.6."""
        ent = self.facts.enterprise
        enterprise: dict[str, Any] = {"name": ent.name, "credit_code": ent.credit_code}
        if ent.industry is not None:
            enterprise["industry"] = ent.industry
        if ent.annual_revenue_wan is not None:
            enterprise["annual_revenue_wan"] = json_number(ent.annual_revenue_wan)
        return {
            "model": {"id": self.model_id, "version": self.model_version,
                      "profile": self.profile, "hash": self.model_hash},
            "enterprise": enterprise,
            "evaluation_date": self.facts.evaluation_date.isoformat(),
            "base_date": self.base_date.isoformat(),
            "dimensions": [
                {"id": d.id, "name": d.name, "raw": json_number(d.raw), "raw_max": json_number(d.raw_max),
                 "score": json_number(d.score), "max": json_number(d.max)}
                for d in self.dimensions
            ],
            "indicators": [
                {"id": i.id, "dimension": i.dimension, "name": i.name, "points": json_number(i.points),
                 "max": json_number(i.max), "reason": i.reason}
                for i in self.indicators
            ],
            "records": [_record_json(r) for r in self.records],
            "total": json_number(self.total),
            "grade": self.grade.grade,
            "grade_label": self.grade.label,
            "grade_description": self.grade.description,
        }


def _record_json(r: RecordResult) -> dict[str, Any]:
    rec = r.record
    out: dict[str, Any] = {"index": r.index}
    if rec.id is not None:
        out["id"] = rec.id
    out.update({"kind": rec.kind, "date": rec.date.isoformat(), "status": rec.status, "rule": r.rule.id})
    for key in ("category", "title", "source"):
        value = getattr(rec, key)
        if value is not None:
            out[key] = value
    if rec.repaired_on is not None:
        out["repaired_on"] = rec.repaired_on.isoformat()
    out.update({"counted": r.counted, "points": json_number(r.points)})
    if r.deduction:
        out["deduction"] = json_number(r.deduction)
    if r.repair:
        out["repair"] = json_number(r.repair)
    out["reason"] = r.reason
    return out


def score_indicators(facts: Facts, model: Model) -> list[IndicatorResult]:
    out = []
    for dim, ind in model.indicators():
        result = apply_rule(ind.rule, facts)
        points = min(round2(result.points), ind.full)
        out.append(IndicatorResult(ind.id, dim.id, ind.name, points, ind.full, result.reason, ind.clause))
    return out


def evaluate(facts: Facts, model: Model | None = None, profile: str | None = None) -> Evaluation:
    """Score one enterprise's facts under a model (default: the bundled T/CFIE model)."""
    model = model or bundled_model()
    profile_name, prof = model.profile(profile)
    indicators = score_indicators(facts, model)
    dimensions = []
    for dim in model.dimensions:
        raw = sum((i.points for i in indicators if i.dimension == dim.id), ZERO)
        points = prof.dimensions[dim.id]
        dimensions.append(DimensionResult(dim.id, dim.name, raw, dim.raw_max, round2(raw / dim.raw_max * points), points))
    beh = model.behavior
    records = behaviour_adjustments(facts, beh)
    raw = beh.start + sum((r.points for r in records), ZERO)
    points = prof.dimensions[beh.id]
    score = round2(clamp(raw, beh.floor, beh.ceiling) / beh.ceiling * points)
    dimensions.append(DimensionResult(beh.id, beh.name, raw, beh.ceiling, score, points))
    total = sum((d.score for d in dimensions), ZERO)
    return Evaluation(
        model.id, model.version, model.content_hash, profile_name, facts, facts.effective_base_date,
        dimensions, indicators, records, total, model.grade_for(total),
    )

