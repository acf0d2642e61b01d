from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcredit.cases import domain
from ipcredit.cases.models import ApplicantBan, Case, CaseEvent, CaseFact, Enterprise, Scoring
from ipcredit.domain_errors import NotFound


def get_case(session: Session, case_id: int, lock: bool = False) -> Case:
    stmt = select(Case).where(Case.id == case_id)
    case = session.scalars(stmt.with_for_update().execution_options(populate_existing=True) if lock else stmt).first()
    if case is None:
        raise NotFound(f"案件 {case_id} 不存在 (no such case)")
    return case


def enterprise_by_code(session: Session, credit_code: str) -> Enterprise | None:
    return session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).first()


def get_or_create_enterprise(session: Session, credit_code: str, name: str) -> Enterprise:
    ent = enterprise_by_code(session, credit_code)
    if ent is None:
        ent = Enterprise(credit_code=credit_code, name=name)
        session.add(ent)
        session.flush()
    return ent


def bans_for(session: Session, enterprise_id: int) -> list[domain.Ban]:
    rows = session.scalars(select(ApplicantBan).where(ApplicantBan.enterprise_id == enterprise_id))
    return [domain.Ban(r.starts_on, r.ends_on, r.reason) for r in rows]


def record_event(session: Session, case: Case, actor: str, action: str,
                 reason: str | None = None, detail: dict[str, Any] | None = None) -> CaseEvent:
    """Append to the case timeline (committed with the change by the unit of work)."""
    event = CaseEvent(case_id=case.id, actor=actor, action=action, reason=reason,
                      detail=detail, from_state=case.state, to_state=case.state)
    session.add(event)
    return event


def transition(session: Session, case: Case, target: str, actor: str,
               reason: str | None = None, detail: dict[str, Any] | None = None) -> CaseEvent:
    """Move ``case`` to ``target`` if the state machine allows it, and record who/when/why."""
    domain.check_transition(case.state, target)
    event = CaseEvent(case_id=case.id, actor=actor, action="transition", reason=reason,
                      detail=detail, from_state=case.state, to_state=target)
    case.state = target
    session.add(event)
    return event


def timeline(session: Session, case_id: int) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)))


def facts_of(session: Session, case_id: int) -> list[CaseFact]:
    return list(session.scalars(select(CaseFact).where(CaseFact.case_id == case_id).order_by(CaseFact.path)))


def get_fact(session: Session, case_id: int, path: str) -> CaseFact:
    fact = session.scalars(select(CaseFact).where(CaseFact.case_id == case_id, CaseFact.path == path)).first()
    if fact is None:
        raise NotFound(f"案件 {case_id} 没有事实 {path} (no such fact)")
    return fact


def draft_scoring(session: Session, case_id: int) -> Scoring | None:
    """The latest draft scoring (报告初稿) of the case."""
    return session.scalars(select(Scoring).where(Scoring.case_id == case_id, Scoring.purpose == "draft")
                           .order_by(Scoring.id.desc())).first()


def get_scoring(session: Session, scoring_id: int) -> Scoring:
    sc = session.get(Scoring, scoring_id)
    if sc is None:
        raise NotFound(f"评分记录 {scoring_id} 不存在 (no such scoring)")
    return sc
