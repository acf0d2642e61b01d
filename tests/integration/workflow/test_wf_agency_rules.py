"""Agency eligibility, evaluator qualification, conflicts and the applicant ban, in storage."""

import datetime as dt

import pytest
from wf_support import Flow

from ipcredit.agencies.schemas import PersonIn
from ipcredit.agencies.service import add_person, agency_status, declare_interest, record_discipline
from ipcredit.cases import service
from ipcredit.cases.models import Case, CaseEvent
from ipcredit.domain_errors import RuleViolation

ON = dt.date(2026, 3, 2)


def test_agency_with_six_qualified_cannot_open_a_case(db):
    f = Flow(db)
    f.setup_agency(qualified=6)
    name, code = f.new_enterprise()
    with db.uow() as uow, pytest.raises(RuleViolation, match="少于 7 名"):
        service.apply_for_evaluation(uow, f.agency_id, code, name, "t", ON)
    with db.uow() as uow:
        assert uow.s.query(Case).count() == 0
        add_person(uow, f.agency_id, PersonIn(name="第七人", credit_qualification=True, ip_training=True))
        assert agency_status(uow, f.agency_id, ON).eligible
        assert service.apply_for_evaluation(uow, f.agency_id, code, name, "t", ON) > 0


def test_discipline_within_three_years_disqualifies(flow, db):
    with db.uow() as uow:
        record_discipline(uow, flow.evaluators[0], dt.date(2023, 3, 3), "违规")
        st = agency_status(uow, flow.agency_id, ON)
    assert not st.eligible and st.qualified_evaluators == 6


def test_agency_interest_blocks_the_case(flow, db):
    name, code = flow.new_enterprise()
    with db.uow() as uow:
        declare_interest(uow, code, "持股 5%", ON, agency_id=flow.agency_id)
        with pytest.raises(RuleViolation, match="利益关系"):
            service.apply_for_evaluation(uow, flow.agency_id, code, name, "t", ON)


def test_conflicted_person_must_recuse_and_short_tenure_cannot_lead(flow, db):
    name, code = flow.new_enterprise()
    with db.uow() as uow:
        cid = service.apply_for_evaluation(uow, flow.agency_id, code, name, "t", ON)
        service.sign_contract(uow, cid, "HT-1", "t", ON)
        declare_interest(uow, code, "亲属任高管", ON, person_id=flow.evaluators[2])
        with pytest.raises(RuleViolation, match="回避"):
            service.assign_member(uow, cid, flow.evaluators[2], "evaluator", "t", ON)
        junior = add_person(uow, flow.agency_id, PersonIn(name="新人", credit_qualification=True, ip_training=True,
                                                          credit_service_since=dt.date(2025, 6, 1)))
        with pytest.raises(RuleViolation, match="至少 2 年"):
            service.assign_member(uow, cid, junior, "lead", "t", ON)
        service.assign_member(uow, cid, junior, "evaluator", "t", ON)
        with pytest.raises(RuleViolation, match="项目负责人"):
            service.start_preparing(uow, cid, "t", "方案")


def test_transitions_are_recorded_and_illegal_ones_refused(flow, db):
    cid = flow.case("applied")
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="不能转为 collecting"):
            service.start_collecting(uow, cid, "alice")
        service.reject_application(uow, cid, "alice", "材料不全")
        events = uow.s.query(CaseEvent).filter_by(case_id=cid).order_by(CaseEvent.id).all()
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("applied", "applied", "applied"), ("transition", "applied", "rejected")]
    assert events[-1].actor == "alice" and events[-1].reason == "材料不全" and events[-1].at is not None


def test_banned_enterprise_cannot_apply(flow, db):
    from ipcredit.supervision.service import false_materials_found

    enterprise = flow.new_enterprise()
    cid = flow.case("issued", enterprise=enterprise)
    with db.uow() as uow:
        false_materials_found(uow, cid, dt.date(2026, 5, 1), "伪造专利证书", "supervisor")
        with pytest.raises(RuleViolation, match="3 年内不得申请"):
            service.apply_for_evaluation(uow, flow.agency_id, enterprise[1], enterprise[0], "t", dt.date(2029, 4, 30))
        assert service.apply_for_evaluation(uow, flow.agency_id, enterprise[1], enterprise[0], "t", dt.date(2029, 5, 1))
