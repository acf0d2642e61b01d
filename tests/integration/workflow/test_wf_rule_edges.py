"""Service-level refusals not covered by the main flows."""

import datetime as dt

import pytest

from ipcredit.agencies.service import declare_interest
from ipcredit.archive.service import retention_run
from ipcredit.cases import collection, service
from ipcredit.cases.evidence import blob_path
from ipcredit.domain_errors import RuleViolation
from ipcredit.issuance.models import IssuedReport
from ipcredit.issuance.service import deliver_report, issue_report, revoke_report
from ipcredit.objections import service as objections
from ipcredit.reviews import service as panel
from ipcredit.supervision import service as sup

ON = dt.date(2026, 3, 2)


def test_verifying_without_evidence_needs_a_note(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="核实方式"):
            collection.verify_fact(uow, cid, "basic.ip_department", "verified", "t")
        collection.attach_evidence(uow, cid, "basic.ip_department", b"%PDF-1 org chart", "组织架构.pdf", "t")
        collection.verify_fact(uow, cid, "basic.ip_department", "verified", "t")


def test_facts_of_another_enterprise_refused(flow, db):
    cid = flow.case("collecting")
    from wf_support import facts_doc

    other_name, other_code = flow.new_enterprise()
    with db.uow() as uow, pytest.raises(RuleViolation, match="不符"):
        collection.import_facts(uow, cid, facts_doc(other_name, other_code, ON), "x", ON, "t")


def test_second_open_case_and_contract_after_disqualification_refused(flow, db):
    name, code = flow.new_enterprise()
    with db.uow() as uow:
        cid = service.apply_for_evaluation(uow, flow.agency_id, code, name, "t", ON)
        with pytest.raises(RuleViolation, match="进行中的案件"):
            service.apply_for_evaluation(uow, flow.agency_id, code, name, "t", ON)
        declare_interest(uow, code, "新增投资关系", ON, agency_id=flow.agency_id)
        with pytest.raises(RuleViolation, match="利益关系"):
            service.sign_contract(uow, cid, "HT", "t", ON)


def test_panel_seats_and_votes(flow, db):
    cid = flow.case("drafting")
    members = flow.panel_members()
    with db.uow() as uow:
        wrong = [members[0], (flow.evaluators[3], "reviewer")] + members[2:]
        with pytest.raises(RuleViolation, match="不能担任"):
            panel.form_panel(uow, cid, wrong, "t", ON)
        pid = panel.form_panel(uow, cid, members, "t", ON)
        panel.sign_confidentiality(uow, pid, members[0][0], ON, "t")
        with pytest.raises(RuleViolation, match="表决应为"):
            panel.cast_vote(uow, pid, members[0][0], "BBB", "t")
        panel.cast_vote(uow, pid, members[0][0], "AA", "t")
        with pytest.raises(RuleViolation, match="已表决"):
            panel.cast_vote(uow, pid, members[0][0], "AA", "t")
        with pytest.raises(RuleViolation, match="不是评审委员会"):
            panel.sign_confidentiality(uow, pid, flow.evaluators[5], ON, "t")


def test_issue_refused_after_agency_lost_qualification(flow, db):
    first = flow.case("issued")
    pending = flow.case("in_review")
    with db.uow() as uow:
        sup.false_materials_found(uow, first, ON, "协助造假", "sup", agency_assisted=True)
        with pytest.raises(RuleViolation, match="评价资格已被取消"):
            issue_report(uow, pending, "t", ON)


def test_objections_refused_on_revoked_report_and_delivery_before_issue(flow, db):
    cid = flow.case("issued")
    with db.uow() as uow:
        rid = uow.s.query(IssuedReport).filter_by(case_id=cid).one().id
        with pytest.raises(RuleViolation, match="早于出具"):
            deliver_report(uow, rid, dt.date(2026, 3, 1), "t")
        revoke_report(uow, rid, "失信", "t", ON)
        with pytest.raises(RuleViolation, match="不再受理"):
            objections.file_information_objection(uow, rid, "capacity.pledge_wan", "x", ON, "ent")


def test_late_conclusion_is_flagged(flow, db):
    cid = flow.case("issued")
    with db.uow() as uow:
        rid = uow.s.query(IssuedReport).filter_by(case_id=cid).one().id
        obj = objections.file_information_objection(uow, rid, "capacity.pledge_wan", "有误", dt.date(2026, 9, 28), "ent")
        done = objections.conclude_information_objection(uow, obj.id, "confirmed", "信息无误", "agency", dt.date(2026, 10, 14))
        assert done.late is True and done.outcome == "confirmed"
        with pytest.raises(RuleViolation, match="不是待处理"):
            objections.conclude_information_objection(uow, obj.id, "confirmed", "again", "agency", dt.date(2026, 10, 14))


def test_rejected_proposal_keeps_report_valid(flow, db):
    name, code = flow.new_enterprise()
    cid = flow.case("issued", enterprise=(name, code))
    with db.uow() as uow:
        rec = {"kind": "bad_record", "category": "listed_dishonest", "date": "2026-05-01"}
        prop = sup.import_credit_record(uow, code, rec, "公示", "sup", dt.date(2026, 6, 1))[0]
        sup.decide_revocation(uow, prop.id, False, "已移出名单", "sup", dt.date(2026, 6, 2))
        assert uow.s.query(IssuedReport).filter_by(case_id=cid).one().status == "valid"
        with pytest.raises(RuleViolation, match="已处理"):
            sup.decide_revocation(uow, prop.id, True, "x", "sup", dt.date(2026, 6, 3))


def test_purge_keeps_files_another_archive_still_needs(flow, db):
    pdf = b"%PDF-1 shared certificate"
    shas = []
    for year in (2026, 2030):
        flow.on = dt.date(year, 3, 2)
        cid = flow.case("collecting")
        with db.uow() as uow:
            shas.append(collection.attach_evidence(uow, cid, "capacity.pledge_wan", pdf, "证书.pdf", "t"))
            for f in collection.facts_listing(uow, cid):
                collection.verify_fact(uow, cid, f["path"], "verified", "t", "核对")
            from ipcredit.cases.domain import Signature

            collection.record_interview(uow, cid, flow.on, "p", "a", "b", "s",
                                        [Signature("a", "interviewer", flow.on), Signature("b", "interviewee", flow.on)], "t")
            collection.draft_report(uow, cid, "t")
            flow.panel(uow, cid)
            issue_report(uow, cid, "t", flow.on)
    assert shas[0] == shas[1]
    with db.uow() as uow:
        actions = retention_run(uow, dt.date(2033, 3, 3), dry_run=False)
    assert ("purge", 1) in [(a["action"], a["case_id"]) for a in actions]
    assert blob_path(db.data_dir / "evidence", shas[0]).exists()  # the 2030 archive still needs it
