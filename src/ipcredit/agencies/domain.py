"""Rules of §4 (SPEC §3) on agencies and evaluators — pure, no database.

- 机构资质 §4.1: licence number, filing (备案) number, at least 7 qualified evaluators, and no
  withdrawn qualification (§6: an agency that helped falsify loses it).
- 评价人员 §4.2: no discipline in the last 3 years, a credit-practitioner qualification, IP
  training; a project lead (项目负责人) needs at least 2 years in credit services.
- 利益冲突 §4.3.2: an agency with an asset/interest relation to the enterprise may not report
  on it; a person with one must recuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ipcredit.standard.dates import years_before

MIN_QUALIFIED_EVALUATORS = 7
LEAD_MIN_YEARS = 2
DISCIPLINE_YEARS = 3


@dataclass(frozen=True)
class EvaluatorProfile:
    name: str
    credit_qualification: bool
    ip_training: bool
    credit_service_since: dt.date | None
    disciplines: tuple[dt.date, ...] = ()


def evaluator_problems(p: EvaluatorProfile, on: dt.date) -> list[str]:
    """Why ``p`` is not a qualified evaluator on ``on`` (empty when qualified)."""
    problems = []
    if not p.credit_qualification:
        problems.append(f"{p.name} 无信用从业资格 (no credit-practitioner qualification, §4.2)")
    if not p.ip_training:
        problems.append(f"{p.name} 未接受知识产权培训 (no IP training, §4.2)")
    since = years_before(on, DISCIPLINE_YEARS)
    recent = [d for d in p.disciplines if since < d <= on]
    if recent:
        problems.append(f"{p.name} 近 3 年内受过处分（{max(recent).isoformat()}）(disciplined within 3 years, §4.2)")
    return problems


def years_of_service(p: EvaluatorProfile, on: dt.date) -> int:
    if p.credit_service_since is None or p.credit_service_since > on:
        return 0
    years = 0
    while years_before(on, years + 1) >= p.credit_service_since:
        years += 1
    return years


def lead_problems(p: EvaluatorProfile, on: dt.date) -> list[str]:
    """Why ``p`` cannot be project lead on ``on``: qualification plus ≥ 2 years of service."""
    problems = evaluator_problems(p, on)
    years = years_of_service(p, on)
    if years < LEAD_MIN_YEARS:
        problems.append(f"{p.name} 从事信用服务 {years} 年，项目负责人需至少 2 年 (project lead needs ≥ 2 years, §4.2)")
    return problems


@dataclass(frozen=True)
class AgencyProfile:
    name: str
    licence_no: str | None
    filing_no: str | None
    qualified_evaluators: int
    qualification_revoked_on: dt.date | None = None


def agency_problems(a: AgencyProfile) -> list[str]:
    """Why the agency may not open cases (empty when eligible, §4.1)."""
    problems = []
    if not (a.licence_no or "").strip():
        problems.append(f"{a.name} 缺少营业执照/许可编号 (no licence number, §4.1)")
    if not (a.filing_no or "").strip():
        problems.append(f"{a.name} 缺少备案编号 (no filing number, §4.1)")
    if a.qualified_evaluators < MIN_QUALIFIED_EVALUATORS:
        problems.append(
            f"{a.name} 合格评价人员 {a.qualified_evaluators} 名，少于 {MIN_QUALIFIED_EVALUATORS} 名 "
            f"(fewer than {MIN_QUALIFIED_EVALUATORS} qualified evaluators, §4.1)"
        )
    if a.qualification_revoked_on is not None:
        problems.append(f"{a.name} 评价资格已于 {a.qualification_revoked_on.isoformat()} 被取消 (qualification withdrawn, §6)")
    return problems


def interest_blocks(declared_codes: set[str], credit_code: str) -> bool:
    """An asset or interest relation declared with the enterprise (§4.3.2)."""
    return credit_code in declared_codes
