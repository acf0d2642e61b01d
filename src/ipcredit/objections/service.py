"""Use cases of objections. Each takes a unit of work and commits once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from ipcredit.archive.service import freeze_case
from ipcredit.calendar.repository import load_table
from ipcredit.cases.collection import _check_document, put_fact, score_case
from ipcredit.cases.facts_document import jsonable
from ipcredit.cases.repository import facts_of, get_case, get_fact, record_event
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.issuance.models import IssuedReport
from ipcredit.issuance.service import change_report_grade, get_report
from ipcredit.objections import domain
from ipcredit.objections.models import Objection


def _report_open_to_objection(report: IssuedReport) -> None:
    if report.status != "valid":
        raise RuleViolation(f"报告 {report.number} 已{report.status}，不再受理异议")


def file_information_objection(uow: UnitOfWork, report_id: int, path: str, claim: str,
                               filed_on: dt.date, actor: str) -> Objection:
    report = get_report(uow.s, report_id, lock=True)
    _report_open_to_objection(report)
    fact = get_fact(uow.s, report.case_id, path)
    domain.check_information_objection(fact.collected_on, filed_on, path)
    if not claim.strip():
        raise RuleViolation("须说明异议内容 (claim required)")
    due = domain.information_due(filed_on, load_table(uow.s))
    obj = Objection(case_id=report.case_id, report_id=report.id, kind="information", filed_on=filed_on,
                    filed_by=actor, fact_path=path, claim=claim, due_on=due.due, due_provisional=due.provisional)
    uow.s.add(obj)
    uow.s.flush()
    record_event(uow.s, get_case(uow.s, report.case_id), actor, "objection_filed", claim,
                 {"objection_id": obj.id, "kind": "information", "path": path, "due_on": due.due.isoformat(),
                  "provisional": due.provisional, "note": due.note})
    uow.commit()
    return obj


def get_objection(session, objection_id: int) -> Objection:
    obj = session.get(Objection, objection_id)
    if obj is None:
        raise NotFound(f"异议 {objection_id} 不存在 (no such objection)")
    return obj


def _apply_changes(session, case, changes: dict[str, Any], reasons: str, on: dt.date) -> None:
    changes = jsonable(changes)
    entries = {f.path: f.value for f in facts_of(session, case.id)}
    entries.update(changes)
    _check_document(case, entries)
    for path, value in changes.items():
        fact = put_fact(session, case, path, value, "异议更正 (objection correction)", on)
        fact.verification, fact.verification_note = "verified", reasons


def _rescore_and_propagate(session, case, report, purpose: str, grade: str | None, reasons: str,
                           actor: str, on: dt.date) -> tuple[Any, bool]:
    scoring = score_case(session, case, purpose, actor)
    changed = change_report_grade(session, report, scoring, grade or scoring.grade, actor, reasons)
    freeze_case(session, case, report, on, actor)
    return scoring, changed


def conclude_information_objection(uow: UnitOfWork, objection_id: int, outcome: str, reasons: str,
                                   actor: str, on: dt.date, new_value: Any = None) -> Objection:
    obj = get_objection(uow.s, objection_id)
    if obj.kind != "information" or obj.status != "open":
        raise RuleViolation(f"异议 {obj.id} 不是待处理的信息异议 (not an open information objection)")
    domain.check_outcome(outcome, reasons, new_value is not None)
    report = get_report(uow.s, obj.report_id, lock=True)
    case = get_case(uow.s, obj.case_id, lock=True)
    detail: dict[str, Any] = {"objection_id": obj.id, "outcome": outcome}
    if outcome == "corrected":
        _apply_changes(uow.s, case, {obj.fact_path: new_value}, reasons, on)
        scoring, changed = _rescore_and_propagate(uow.s, case, report, "correction", None, reasons, actor, on)
        obj.scoring_id = scoring.id
        detail.update(new_value=new_value, grade=report.grade, grade_changed=changed)
    elif outcome == "unverifiable":
        get_fact(uow.s, case.id, obj.fact_path).verification_note = f"异议无法核实：{reasons}"
    obj.status, obj.outcome, obj.reasons, obj.concluded_on = "concluded", outcome, reasons, on
    obj.late = obj.due_on is not None and on > obj.due_on
    record_event(uow.s, case, actor, "objection_concluded", reasons, detail)
    record_event(uow.s, case, actor, "enterprise_notified", domain.OUTCOME_LABELS[outcome], {"objection_id": obj.id})
    uow.commit()
    return obj


def file_result_objection(uow: UnitOfWork, report_id: int, basis: str, filed_on: dt.date, actor: str) -> Objection:
    report = get_report(uow.s, report_id, lock=True)
    _report_open_to_objection(report)
    previous = uow.s.scalar(select(func.count()).select_from(Objection).where(
        Objection.report_id == report.id, Objection.kind == "result")) or 0
    domain.check_result_objection(report.delivered_on, filed_on, basis, previous + int(report.final))
    obj = Objection(case_id=report.case_id, report_id=report.id, kind="result", filed_on=filed_on,
                    filed_by=actor, claim=basis)
    uow.s.add(obj)
    uow.s.flush()
    record_event(uow.s, get_case(uow.s, report.case_id), actor, "objection_filed", basis,
                 {"objection_id": obj.id, "kind": "result"})
    uow.commit()
    return obj


def reevaluate(uow: UnitOfWork, objection_id: int, reasons: str, actor: str, on: dt.date,
               changes: dict[str, Any] | None = None, grade: str | None = None) -> Objection:
    """The one re-evaluation (复评) after a result objection; its result is final."""
    obj = get_objection(uow.s, objection_id)
    if obj.kind != "result" or obj.status != "open":
        raise RuleViolation(f"异议 {obj.id} 不是待复评的结果异议 (not an open result objection)")
    if not reasons.strip():
        raise RuleViolation("复评须写明结论理由 (reasons required)")
    report = get_report(uow.s, obj.report_id, lock=True)
    case = get_case(uow.s, obj.case_id, lock=True)
    if changes:
        _apply_changes(uow.s, case, changes, reasons, on)
    scoring, changed = _rescore_and_propagate(uow.s, case, report, "reevaluation", grade, reasons, actor, on)
    report.final = True
    obj.status, obj.outcome, obj.reasons, obj.concluded_on, obj.scoring_id = "concluded", "reevaluated", reasons, on, scoring.id
    record_event(uow.s, case, actor, "reevaluated", reasons,
                 {"objection_id": obj.id, "grade": report.grade, "grade_changed": changed, "final": True})
    uow.commit()
    return obj


def recompute_provisional_deadlines(uow: UnitOfWork) -> int:
    """After a holiday table is loaded: recompute every provisional due date (no commit)."""
    table = load_table(uow.s)
    changed = 0
    for obj in uow.s.scalars(select(Objection).where(Objection.due_provisional.is_(True))):
        due = domain.information_due(obj.filed_on, table)
        if (due.due, due.provisional) != (obj.due_on, obj.due_provisional):
            record_event(uow.s, get_case(uow.s, obj.case_id), "system", "objection_deadline_recomputed", due.note or None,
                         {"objection_id": obj.id, "old_due": obj.due_on.isoformat(), "new_due": due.due.isoformat(),
                          "provisional": due.provisional})
            obj.due_on, obj.due_provisional = due.due, due.provisional
            changed += 1
    return changed


def list_objections(uow: UnitOfWork, case_id: int | None = None, open_only: bool = False,
                    today: dt.date | None = None) -> list[dict]:
    """Objections (open ones first by due date when ``open_only``), with ``overdue`` as of ``today``."""
    stmt = select(Objection).order_by(Objection.id)
    if case_id is not None:
        stmt = stmt.where(Objection.case_id == case_id)
    if open_only:
        stmt = stmt.where(Objection.status == "open").order_by(None).order_by(Objection.due_on, Objection.id)
    today = today or dt.date.today()
    return [{"id": o.id, "case_id": o.case_id, "report_id": o.report_id, "kind": o.kind, "path": o.fact_path,
             "filed_on": o.filed_on.isoformat(), "due_on": o.due_on and o.due_on.isoformat(),
             "provisional": o.due_provisional, "status": o.status, "outcome": o.outcome, "reasons": o.reasons,
             "late": o.late, "overdue": o.status == "open" and o.due_on is not None and today > o.due_on}
            for o in uow.s.scalars(stmt)]
