"""A whole case: application → archive, with an information objection, a result objection
and the one re-evaluation."""

import datetime as dt

import pytest

from ipcredit.archive.models import ArchiveRecord
from ipcredit.archive.service import close_case
from ipcredit.cases import collection, service
from ipcredit.cases.domain import Signature
from ipcredit.cases.models import CaseEvent, Scoring
from ipcredit.domain_errors import RuleViolation
from ipcredit.issuance.service import deliver_report, issue_report, verify_report
from ipcredit.objections import service as objections
from wf_support import facts_doc

D = dt.date


def test_full_lifecycle(flow, db):
    name, code = flow.new_enterprise()
    with db.uow() as uow:
        cid = service.apply_for_evaluation(uow, flow.agency_id, code, name, "企业", D(2026, 9, 1))
        service.sign_contract(uow, cid, "HT-2026-9", "机构", D(2026, 9, 2))
        service.assign_member(uow, cid, flow.evaluators[0], "lead", "机构", D(2026, 9, 2))
        service.assign_member(uow, cid, flow.evaluators[1], "evaluator", "机构", D(2026, 9, 2))
        service.start_preparing(uow, cid, "项目负责人", "评价方案")
        service.start_collecting(uow, cid, "项目负责人")
        collection.import_facts(uow, cid, facts_doc(name, code, D(2026, 9, 10)), "企业提交", D(2026, 9, 5), "评价员")
        collection.set_fact(uow, cid, "capacity.valid_invention_patents", 3, "专利检索", D(2026, 9, 6), "评价员")
        collection.attach_evidence(uow, cid, "capacity.valid_invention_patents", b"%PDF-1.7 list", "检索报告.pdf", "评价员")
        for f in collection.facts_listing(uow, cid):
            collection.verify_fact(uow, cid, f["path"], "verified", "评价员", "与原件核对")
        collection.record_interview(uow, cid, D(2026, 9, 8), "企业", "评价员0", "企业IP负责人", "体系运行",
                                    [Signature("评价员0", "interviewer", D(2026, 9, 8)), Signature("李", "interviewee", D(2026, 9, 8))], "评价员")
        draft = collection.draft_report(uow, cid, "项目负责人")
        flow.on = D(2026, 9, 20)
        flow.panel(uow, cid)
        report = issue_report(uow, cid, "机构", D(2026, 9, 25))
        deliver_report(uow, report.id, D(2026, 9, 26), "机构")
        # information objection: the patent count was collected on 2026-09-06
        info = objections.file_information_objection(uow, report.id, "capacity.valid_invention_patents",
                                                      "漏计 15 件发明专利", D(2026, 9, 28), "企业")
        assert info.due_on == D(2026, 10, 13)
        with pytest.raises(RuleViolation, match="未办结的异议"):
            close_case(uow, cid, "机构", D(2026, 10, 1))
        objections.conclude_information_objection(uow, info.id, "corrected", "经检索核实为 18 件", "机构",
                                                  D(2026, 10, 12), 18)
        # result objection and the one final re-evaluation
        res = objections.file_result_objection(uow, report.id, "新获国家级奖项证书", D(2026, 10, 9), "企业")
        objections.reevaluate(uow, res.id, "复评维持重算结果", "复评委员会", D(2026, 10, 20))
        with pytest.raises(RuleViolation, match="最终结果"):
            objections.file_result_objection(uow, report.id, "仍不服", D(2026, 10, 21), "企业")
        close_case(uow, cid, "机构", D(2026, 10, 22))
        view = verify_report(uow, report.verification_code, D(2026, 10, 23))
        scorings = uow.s.query(Scoring).filter_by(case_id=cid).order_by(Scoring.id).all()
        archives = uow.s.query(ArchiveRecord).filter_by(case_id=cid).order_by(ArchiveRecord.version).all()
        states = [(e.from_state, e.to_state) for e in uow.s.query(CaseEvent).filter_by(case_id=cid, action="transition").order_by(CaseEvent.id)]
    assert [s.purpose for s in scorings] == ["draft", "correction", "reevaluation"]
    assert scorings[1].total > draft.total
    assert view["status"] == "valid" and view["grade"] == scorings[-1].grade
    assert [a.version for a in archives] == [1, 2, 3]
    assert archives[0].retention_until == D(2033, 9, 25)
    assert states == [("applied", "contracted"), ("contracted", "preparing"), ("preparing", "collecting"),
                      ("collecting", "drafting"), ("drafting", "in_review"), ("in_review", "issued"),
                      ("issued", "archived")]
