"""Use cases of the review panel. Each takes a unit of work and commits once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ipcredit.agencies.repository import get_person, person_interests
from ipcredit.cases.repository import draft_scoring, get_case, record_event, transition
from ipcredit.db.base import utcnow
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.reviews import domain
from ipcredit.reviews.models import Panel, PanelMember, Vote
from ipcredit.standard.model import bundled_model

KIND_FOR_ROLE = {"reviewer": "reviewer", "lead": "evaluator", "expert": "expert"}


def get_panel(session, panel_id: int, lock: bool = False) -> Panel:
    stmt = select(Panel).where(Panel.id == panel_id)
    panel = session.scalars(stmt.with_for_update().execution_options(populate_existing=True) if lock else stmt).first()
    if panel is None:
        raise NotFound(f"评审委员会 {panel_id} 不存在 (no such panel)")
    return panel


def form_panel(uow: UnitOfWork, case_id: int, members: list[tuple[int, str]], actor: str, on: dt.date) -> int:
    """Convene the panel for a drafted case and move it to review (评审)."""
    case = get_case(uow.s, case_id, lock=True)
    draft = draft_scoring(uow.s, case.id)
    if case.state != "drafting" or draft is None:
        raise RuleViolation(f"案件处于 {case.state}，须在报告起草完成后组成评审委员会", "§5.3.7")
    lead_id = next((m.person_id for m in case.members if m.role == "lead"), None)
    if len({p for p, _ in members}) != len(members):
        raise RuleViolation("同一人不能占两个席位 (duplicate member)", "§5.3.7")
    seats = []
    for person_id, role in members:
        person = get_person(uow.s, person_id)
        if person.agency_id != case.agency_id or KIND_FOR_ROLE.get(role) != person.kind:
            raise RuleViolation(f"{person.name}（{person.kind}）不能担任 {role} 席位 (wrong person for the role)")
        if role == "lead" and person_id != lead_id:
            raise RuleViolation(f"{person.name} 不是本案项目负责人 (not this case's lead)")
        conflicted = case.enterprise.credit_code in person_interests(uow.s, person_id)
        seats.append(domain.Seat(f"{person.name}（{person_id}）", role, conflicted))
    problems = domain.panel_problems(seats)
    if problems:
        raise RuleViolation("评审委员会组成不符合要求：" + "；".join(problems), "§5.3.7")
    panel = Panel(case_id=case.id, formed_on=on, draft_grade=draft.grade)
    uow.s.add(panel)
    uow.s.flush()
    for person_id, role in members:
        uow.s.add(PanelMember(panel_id=panel.id, person_id=person_id, role=role))
    transition(uow.s, case, "in_review", actor, "组成评审委员会",
               {"panel_id": panel.id, "members": [{"person_id": p, "role": r} for p, r in members]})
    uow.commit()
    return panel.id


def _member(panel: Panel, person_id: int) -> PanelMember:
    for m in panel.members:
        if m.person_id == person_id:
            return m
    raise RuleViolation(f"人员 {person_id} 不是评审委员会 {panel.id} 的成员 (not a member)")


def sign_confidentiality(uow: UnitOfWork, panel_id: int, person_id: int, on: dt.date, actor: str) -> None:
    panel = get_panel(uow.s, panel_id, lock=True)
    member = _member(panel, person_id)
    member.confidentiality_signed_on = on
    record_event(uow.s, get_case(uow.s, panel.case_id), actor, "confidentiality_signed", None,
                 {"panel_id": panel.id, "person_id": person_id})
    uow.commit()


def cast_vote(uow: UnitOfWork, panel_id: int, person_id: int, choice: str, actor: str, comment: str | None = None) -> None:
    panel = get_panel(uow.s, panel_id, lock=True)
    if panel.status != "open":
        raise RuleViolation(f"评审委员会 {panel.id} 已结束表决 (panel closed)")
    member = _member(panel, person_id)
    if member.confidentiality_signed_on is None:
        raise RuleViolation("须先签署保密承诺才能表决 (sign confidentiality before voting)", "§5.3.7")
    grades = [g.grade for g in bundled_model().grades]
    if choice not in grades + [domain.RETURN]:
        raise RuleViolation(f"表决应为 {' / '.join(grades)} 或 return（退回起草），得到 {choice!r}")
    if uow.s.scalars(select(Vote).where(Vote.panel_id == panel.id, Vote.member_id == member.id)).first():
        raise RuleViolation("该成员已表决 (already voted)")
    uow.s.add(Vote(panel_id=panel.id, member_id=member.id, choice=choice, comment=comment))
    record_event(uow.s, get_case(uow.s, panel.case_id), actor, "vote_cast", comment,
                 {"panel_id": panel.id, "person_id": person_id, "choice": choice})
    uow.commit()


def decide(uow: UnitOfWork, panel_id: int, actor: str, reasons: str | None = None) -> str:
    """Close the vote: a majority grade (reasons if it differs from the draft) or a majority
    to send the report back to drafting. Returns the decided grade or ``return``."""
    panel = get_panel(uow.s, panel_id, lock=True)
    case = get_case(uow.s, panel.case_id, lock=True)
    if panel.status != "open":
        raise RuleViolation(f"评审委员会 {panel.id} 已作出结论 (already decided)")
    votes = list(uow.s.scalars(select(Vote.choice).where(Vote.panel_id == panel.id)))
    outcome = domain.tally(votes, len(panel.members))
    if outcome is None:
        raise RuleViolation(f"{len(votes)}/{len(panel.members)} 票，尚无过半数意见 (no majority yet)", "§5.3.7")
    if outcome == domain.RETURN:
        panel.status, panel.reasons, panel.decided_at = "sent_back", reasons, utcnow()
        transition(uow.s, case, "drafting", actor, reasons or "评审委员会过半数退回起草", {"panel_id": panel.id})
    else:
        problems = domain.decision_problems(outcome, panel.draft_grade, reasons)
        if problems:
            raise RuleViolation("；".join(problems), "§5.3.7")
        panel.status, panel.decided_grade, panel.reasons, panel.decided_at = "decided", outcome, reasons, utcnow()
        record_event(uow.s, case, actor, "panel_decided", reasons,
                     {"panel_id": panel.id, "grade": outcome, "draft_grade": panel.draft_grade, "votes": votes})
    uow.commit()
    return outcome


def decided_panel(session, case_id: int) -> Panel | None:
    return session.scalars(select(Panel).where(Panel.case_id == case_id, Panel.status == "decided")
                           .order_by(Panel.id.desc())).first()


def panel_view(uow: UnitOfWork, panel_id: int) -> dict:
    panel = get_panel(uow.s, panel_id)
    votes = {v.member_id: v.choice for v in uow.s.scalars(select(Vote).where(Vote.panel_id == panel.id))}
    return {
        "id": panel.id, "case_id": panel.case_id, "status": panel.status, "draft_grade": panel.draft_grade,
        "decided_grade": panel.decided_grade, "reasons": panel.reasons,
        "members": [{"person_id": m.person_id, "name": get_person(uow.s, m.person_id).name, "role": m.role,
                     "signed": m.confidentiality_signed_on is not None, "vote": votes.get(m.id)} for m in panel.members],
    }
