"""Use cases of the case workflow up to drafting. One function per use case; each takes a
unit of work and commits once, with the timeline entry recording the change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ipcredit.agencies import domain as agency_rules
from ipcredit.agencies.repository import agency_interests, get_agency, get_person, person_interests, profile_of
from ipcredit.agencies.service import agency_problems
from ipcredit.cases import domain
from ipcredit.cases.models import Case, CaseMember
from ipcredit.cases.repository import (
    bans_for, get_case, get_or_create_enterprise, record_event, timeline, transition,
)
from ipcredit.db.base import as_utc
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation
from ipcredit.standard.credit_code import credit_code_problem

OPEN_STATES = ("applied", "contracted", "preparing", "collecting", "drafting", "in_review")


def check_agency_may_evaluate(uow: UnitOfWork, agency_id: int, credit_code: str, on: dt.date) -> None:
    """§4.1 eligibility and §4.3.2 agency conflict of interest."""
    agency = get_agency(uow.s, agency_id)
    problems = agency_problems(agency, on)
    if problems:
        raise RuleViolation("机构不具备评价资格，不能受理案件：" + "；".join(problems), "§4.1")
    if agency_rules.interest_blocks(agency_interests(uow.s, agency_id), credit_code):
        raise RuleViolation(f"{agency.name} 与企业 {credit_code} 存在资产或利益关系，不得对其评价", "§4.3.2")


def apply_for_evaluation(uow: UnitOfWork, agency_id: int, credit_code: str, name: str,
                         actor: str, on: dt.date, kind: str = "initial") -> int:
    """An enterprise applies (申请); refused for an ineligible or conflicted agency, an invalid
    credit code, a banned applicant or an already open case."""
    problem = credit_code_problem(credit_code)
    if problem:
        raise RuleViolation(f"统一社会信用代码 {credit_code!r}: {problem}")
    check_agency_may_evaluate(uow, agency_id, credit_code, on)
    ent = get_or_create_enterprise(uow.s, credit_code, name)
    domain.check_not_banned(bans_for(uow.s, ent.id), on, ent.name)
    open_case = uow.s.scalars(select(Case.id).where(
        Case.enterprise_id == ent.id, Case.agency_id == agency_id, Case.state.in_(OPEN_STATES))).first()
    if open_case is not None:
        raise RuleViolation(f"{ent.name} 在本机构已有进行中的案件 {open_case} (open case exists)")
    case = Case(agency_id=agency_id, enterprise_id=ent.id, kind=kind, state="applied", applied_on=on)
    uow.s.add(case)
    uow.s.flush()
    record_event(uow.s, case, actor, "applied", None, {"on": on.isoformat(), "kind": kind})
    uow.commit()
    return case.id


def reject_application(uow: UnitOfWork, case_id: int, actor: str, reason: str) -> None:
    case = get_case(uow.s, case_id, lock=True)
    transition(uow.s, case, "rejected", actor, domain.require_reason(reason, "不予受理"))
    uow.commit()


def sign_contract(uow: UnitOfWork, case_id: int, contract_no: str, actor: str, on: dt.date) -> None:
    case = get_case(uow.s, case_id, lock=True)
    if not contract_no.strip():
        raise RuleViolation("须填写合同编号 (contract number required)")
    check_agency_may_evaluate(uow, case.agency_id, case.enterprise.credit_code, on)
    case.contract_no = contract_no.strip()
    transition(uow.s, case, "contracted", actor, f"签订评价合同 {case.contract_no}", {"on": on.isoformat()})
    uow.commit()


def assign_member(uow: UnitOfWork, case_id: int, person_id: int, role: str, actor: str, on: dt.date) -> None:
    """Put a person on the project team; refused when unqualified, not the agency's, a lead
    with < 2 years, or conflicted (must recuse, §4.3.2)."""
    case = get_case(uow.s, case_id, lock=True)
    if case.state not in ("contracted", "preparing", "collecting", "drafting"):
        raise RuleViolation(f"案件处于 {case.state}，不能调整项目组 (team is fixed in this state)")
    person = get_person(uow.s, person_id)
    if person.agency_id != case.agency_id or person.kind != "evaluator":
        raise RuleViolation(f"{person.name} 不是本机构的评价人员 (not an evaluator of the agency)")
    if role not in ("lead", "evaluator"):
        raise RuleViolation(f"角色应为 lead 或 evaluator，得到 {role!r}")
    prof = profile_of(person)
    problems = agency_rules.lead_problems(prof, on) if role == "lead" else agency_rules.evaluator_problems(prof, on)
    if problems:
        raise RuleViolation("不能指派：" + "；".join(problems), "§4.2")
    if agency_rules.interest_blocks(person_interests(uow.s, person_id), case.enterprise.credit_code):
        raise RuleViolation(f"{person.name} 与受评企业存在利益关系，须回避 (must recuse)", "§4.3.2")
    if role == "lead" and any(m.role == "lead" for m in case.members):
        raise RuleViolation("本案已有项目负责人 (case already has a lead)")
    if any(m.person_id == person_id for m in case.members):
        raise RuleViolation(f"{person.name} 已在项目组中 (already on the team)")
    uow.s.add(CaseMember(case_id=case.id, person_id=person_id, role=role))
    record_event(uow.s, case, actor, "member_assigned", None, {"person_id": person_id, "name": person.name, "role": role})
    uow.commit()


def start_preparing(uow: UnitOfWork, case_id: int, actor: str, plan: str) -> None:
    """评价准备: needs a project lead and a written work plan."""
    case = get_case(uow.s, case_id, lock=True)
    if not any(m.role == "lead" for m in case.members):
        raise RuleViolation("须先指派项目负责人 (assign a project lead first)", "§4.2")
    transition(uow.s, case, "preparing", actor, domain.require_reason(plan, "评价工作方案"))
    uow.commit()


def start_collecting(uow: UnitOfWork, case_id: int, actor: str, reason: str = "开始信息收集") -> None:
    case = get_case(uow.s, case_id, lock=True)
    transition(uow.s, case, "collecting", actor, reason)
    uow.commit()


def reopen_collection(uow: UnitOfWork, case_id: int, actor: str, reason: str) -> None:
    case = get_case(uow.s, case_id, lock=True)
    transition(uow.s, case, "collecting", actor, domain.require_reason(reason, "退回信息收集"))
    uow.commit()


def cancel_case(uow: UnitOfWork, case_id: int, actor: str, reason: str) -> None:
    case = get_case(uow.s, case_id, lock=True)
    transition(uow.s, case, "cancelled", actor, domain.require_reason(reason, "取消案件"))
    uow.commit()


def case_summary(uow: UnitOfWork, case_id: int) -> dict:
    case = get_case(uow.s, case_id)
    team = [{"person_id": m.person_id, "name": get_person(uow.s, m.person_id).name, "role": m.role} for m in case.members]
    return {
        "id": case.id, "state": case.state, "state_label": domain.STATE_LABELS[case.state],
        "kind": case.kind, "agency_id": case.agency_id, "enterprise": case.enterprise.name,
        "credit_code": case.enterprise.credit_code, "applied_on": case.applied_on.isoformat(),
        "contract_no": case.contract_no, "facts_version": case.facts_version, "team": team,
    }


def case_timeline(uow: UnitOfWork, case_id: int) -> list[dict]:
    get_case(uow.s, case_id)
    return [
        {"at": as_utc(e.at).isoformat(timespec="seconds"), "actor": e.actor, "action": e.action,
         "from": e.from_state, "to": e.to_state, "reason": e.reason, "detail": e.detail}
        for e in timeline(uow.s, case_id)
    ]


def list_cases(uow: UnitOfWork, agency_id: int | None = None) -> list[dict]:
    stmt = select(Case).order_by(Case.id)
    if agency_id is not None:
        stmt = stmt.where(Case.agency_id == agency_id)
    return [{"id": c.id, "state": c.state, "kind": c.kind, "enterprise": c.enterprise.name,
             "credit_code": c.enterprise.credit_code} for c in uow.s.scalars(stmt)]
