"""Use cases of supervision (§6). Each takes a unit of work and commits once."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from sqlalchemy import select

from ipcredit.agencies.repository import get_agency
from ipcredit.cases.domain import ban_end, require_reason
from ipcredit.cases.models import ApplicantBan, Case, FactsVersion, Scoring
from ipcredit.cases.repository import enterprise_by_code, get_case, record_event
from ipcredit.db.base import BIGINT_RANGE
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.issuance.models import IssuedReport
from ipcredit.issuance.service import get_report, reports_of_enterprise, revoke_report, set_report_status
from ipcredit.standard import engine
from ipcredit.standard.facts import parse_facts
from ipcredit.standard.model import bundled_model
from ipcredit.supervision import domain
from ipcredit.supervision.models import ImportedRecord, RecheckLink, RevocationProposal, SamplingRun


def run_sampling(uow: UnitOfWork, agency_id: int, year: int, rate: Decimal, actor: str, on: dt.date,
                 seed: int | None = None) -> SamplingRun:
    """Sample the agency's valid reports and open a re-check case (复核) for each one drawn."""
    get_agency(uow.s, agency_id)
    if seed is not None and not BIGINT_RANGE[0] <= seed <= BIGINT_RANGE[1]:
        raise RuleViolation(f"随机种子 {seed} 超出 64 位整数范围 (seed must fit in 64 bits: it is recorded for reproduction)")
    seed = secrets.randbelow(2**31) if seed is None else seed
    reports = uow.s.scalars(select(IssuedReport).where(
        IssuedReport.agency_id == agency_id, IssuedReport.status == "valid", IssuedReport.valid_until >= on))
    by_id = {r.id: r for r in reports}
    chosen = domain.draw_sample(list(by_id), seed, rate)
    run = SamplingRun(agency_id=agency_id, year=year, seed=seed, rate=rate, population=sorted(by_id),
                      selected=chosen, recheck_cases=[], actor=actor)
    uow.s.add(run)
    uow.s.flush()
    cases = []
    for rid in chosen:
        origin = get_case(uow.s, by_id[rid].case_id)
        case = Case(agency_id=agency_id, enterprise_id=origin.enterprise_id, kind="recheck", state="applied", applied_on=on)
        uow.s.add(case)
        uow.s.flush()
        uow.s.add(RecheckLink(case_id=case.id, report_id=rid, sampling_run_id=run.id))
        record_event(uow.s, case, actor, "recheck_opened", f"{year} 年度抽查", {"report_id": rid, "seed": seed})
        cases.append(case.id)
    run.recheck_cases = cases
    uow.commit()
    return run


def _grade_with(session, report: IssuedReport, record: dict, on: dt.date) -> str:
    """The grade the report's facts would get with ``record`` added, evaluated on ``on``
    (same base date as the report, so only the new record makes a difference)."""
    scoring = session.get(Scoring, report.scoring_id)
    fv = session.get(FactsVersion, scoring.facts_version_id)
    if fv.document is None:
        return report.grade
    doc = dict(fv.document)
    doc["base_date"] = parse_facts(fv.document).effective_base_date.isoformat()
    doc["evaluation_date"] = max(on, dt.date.fromisoformat(doc["evaluation_date"])).isoformat()
    doc["records"] = list(doc.get("records", [])) + [record]
    return engine.evaluate(parse_facts(doc), bundled_model()).grade.grade


def import_credit_record(uow: UnitOfWork, credit_code: str, record: dict, source: str, actor: str,
                         on: dt.date) -> list[RevocationProposal]:
    """Import a new record for an enterprise; raise a revocation proposal for each valid
    report it no longer fits (dishonest list, or a lower grade with the record)."""
    parse_facts({"schema": "ipcredit/facts-v1", "evaluation_date": on.isoformat(),
                 "enterprise": {"name": "-", "credit_code": credit_code}, "records": [record]}, source)
    row = ImportedRecord(credit_code=credit_code, record=record, source=source, imported_on=on)
    uow.s.add(row)
    uow.s.flush()
    ent = enterprise_by_code(uow.s, credit_code)
    proposals = []
    grades = [g.grade for g in sorted(bundled_model().grades, key=lambda g: g.min, reverse=True)]
    for report in reports_of_enterprise(uow.s, ent.id) if ent else []:
        if report.status != "valid" or report.valid_until < on:
            continue
        reason = domain.revocation_reason(record, report.grade, _grade_with(uow.s, report, record, on), grades)
        if reason:
            prop = RevocationProposal(report_id=report.id, record_id=row.id, reason=reason, raised_on=on)
            uow.s.add(prop)
            uow.s.flush()
            record_event(uow.s, get_case(uow.s, report.case_id), actor, "revocation_proposed", reason,
                         {"proposal_id": prop.id, "report_id": report.id, "record": record})
            proposals.append(prop)
    uow.commit()
    return proposals


def decide_revocation(uow: UnitOfWork, proposal_id: int, accept: bool, reason: str, actor: str, on: dt.date) -> None:
    prop = uow.s.get(RevocationProposal, proposal_id)
    if prop is None:
        raise NotFound(f"撤销建议 {proposal_id} 不存在 (no such proposal)")
    if prop.status != "proposed":
        raise RuleViolation(f"撤销建议 {proposal_id} 已处理 ({prop.status})")
    require_reason(reason, "撤销决定")
    prop.status = "accepted" if accept else "rejected"
    prop.decided_on, prop.decided_by, prop.decision_reason = on, actor, reason
    if accept:
        revoke_report(uow, prop.report_id, f"{prop.reason}；{reason}", actor, on)  # commits
    else:
        record_event(uow.s, get_case(uow.s, get_report(uow.s, prop.report_id).case_id), actor,
                     "revocation_rejected", reason, {"proposal_id": prop.id})
        uow.commit()


def false_materials_found(uow: UnitOfWork, case_id: int, discovered_on: dt.date, reason: str, actor: str,
                          agency_assisted: bool = False) -> dict:
    """§6.3: results obtained with false materials are cancelled, the enterprise is banned for
    3 years from discovery; an agency that helped loses its evaluation qualification."""
    require_reason(reason, "虚假材料认定")
    case = get_case(uow.s, case_id, lock=True)
    cancelled = []
    for report in uow.s.scalars(select(IssuedReport).where(IssuedReport.case_id == case.id)):
        if report.status == "valid":
            set_report_status(uow.s, report, "cancelled", f"提供虚假材料：{reason}", discovered_on, actor)
            cancelled.append(report.number)
    if not cancelled and case.state not in ("cancelled", "revoked", "rejected"):
        from ipcredit.cases.repository import transition

        transition(uow.s, case, "cancelled", actor, f"提供虚假材料：{reason}")
    ban = ApplicantBan(enterprise_id=case.enterprise_id, starts_on=discovered_on, ends_on=ban_end(discovered_on),
                       reason=reason, case_id=case.id)
    uow.s.add(ban)
    record_event(uow.s, case, actor, "false_materials", reason,
                 {"ban_until": ban.ends_on.isoformat(), "cancelled": cancelled, "agency_assisted": agency_assisted})
    if agency_assisted:
        agency = get_agency(uow.s, case.agency_id, lock=True)
        agency.qualification_revoked_on = discovered_on
        agency.qualification_revoked_reason = f"协助企业提供虚假材料（案件 {case.id}）：{reason}"
    uow.commit()
    return {"cancelled": cancelled, "ban_until": ban.ends_on.isoformat(), "agency_disqualified": agency_assisted}


def proposals(uow: UnitOfWork, status: str | None = None) -> list[dict]:
    stmt = select(RevocationProposal).order_by(RevocationProposal.id)
    if status:
        stmt = stmt.where(RevocationProposal.status == status)
    return [{"id": p.id, "report_id": p.report_id, "reason": p.reason, "status": p.status,
             "raised_on": p.raised_on.isoformat()} for p in uow.s.scalars(stmt)]


def recheck_origin(session, case_id: int) -> IssuedReport | None:
    """The report a re-check case re-checks (None for an ordinary case)."""
    link = session.get(RecheckLink, case_id)
    return session.get(IssuedReport, link.report_id) if link else None
