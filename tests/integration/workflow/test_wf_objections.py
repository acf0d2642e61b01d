"""Information and result objections; deadlines on the PRC calendar and the holiday table."""

import datetime as dt

import pytest
from wf_support import facts_doc

from ipcredit.calendar.service import load_holidays
from ipcredit.cases.models import CaseEvent
from ipcredit.domain_errors import RuleViolation
from ipcredit.issuance.models import IssuedReport
from ipcredit.objections import service as objections

ON = dt.date(2026, 3, 2)


def _report(db, cid) -> IssuedReport:
    with db.uow() as uow:
        return uow.s.query(IssuedReport).filter_by(case_id=cid).one()


def test_information_objection_window_and_national_day_deadline(flow, db):
    flow.on = dt.date(2025, 9, 29)
    cid = flow.case("issued")
    rid = _report(db, cid).id
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="1 年内"):
            objections.file_information_objection(uow, rid, "capacity.pledge_wan", "金额有误", dt.date(2026, 9, 30), "ent")
        obj = objections.file_information_objection(uow, rid, "capacity.pledge_wan", "金额有误", dt.date(2026, 9, 28), "ent")
    assert obj.due_on == dt.date(2026, 10, 13) and not obj.due_provisional
    with db.uow() as uow:
        assert objections.list_objections(uow, open_only=True, today=dt.date(2026, 10, 13))[0]["overdue"] is False
        assert objections.list_objections(uow, open_only=True, today=dt.date(2026, 10, 14))[0]["overdue"] is True


def test_deadline_in_unknown_year_is_provisional_until_table_loaded(flow, db):
    flow.on = dt.date(2026, 12, 20)
    cid = flow.case("issued")
    rid = _report(db, cid).id
    with db.uow() as uow:
        obj = objections.file_information_objection(uow, rid, "capacity.pledge_wan", "有误", dt.date(2026, 12, 28), "ent")
        assert obj.due_provisional and obj.due_on == dt.date(2027, 1, 6)  # weekends-only estimate, flagged
        rows = [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, {"date": "2027-01-04", "kind": "holiday", "name": "元旦"},
                {"date": "2027-01-09", "kind": "workday", "name": "调休"}]
        assert load_holidays(uow, 2027, rows, "国务院办公厅通知") == 1
        uow.s.refresh(obj)
        assert (obj.due_on, obj.due_provisional) == (dt.date(2027, 1, 8), False)  # 01-01 and 01-04 off
        event = uow.s.query(CaseEvent).filter_by(case_id=cid, action="objection_deadline_recomputed").one()
        assert event.detail["old_due"] == "2027-01-06" and event.detail["provisional"] is False
        with pytest.raises(RuleViolation, match="row 1"):
            load_holidays(uow, 2027, [{"date": "2027-02-30", "kind": "holiday"}], "bad")


def test_correction_rescores_and_propagates_grade(flow, db):
    name, code = flow.new_enterprise()
    bad = [{"kind": "bad_record", "id": "b1", "category": "malicious_trademark", "date": "2025-05-10"}]
    cid = flow.case("issued", facts=facts_doc(name, code, ON, records=bad), enterprise=(name, code))
    before = _report(db, cid)
    with db.uow() as uow:
        from ipcredit.issuance.service import store_report_file_hash

        store_report_file_hash(uow, before.id, "c" * 64, "renderer")
        obj = objections.file_information_objection(uow, before.id, "records.b1", "该记录已被撤销", dt.date(2026, 4, 1), "ent")
        with pytest.raises(RuleViolation, match="理由"):
            objections.conclude_information_objection(uow, obj.id, "confirmed", "", "agency", dt.date(2026, 4, 3))
        new = {"kind": "bad_record", "id": "b1", "category": "malicious_trademark", "date": "2025-05-10", "repaired_on": "2025-06-01"}
        objections.conclude_information_objection(uow, obj.id, "corrected", "经核实已修复", "agency", dt.date(2026, 4, 3), new)
    after = _report(db, cid)
    assert after.total > before.total and after.file_sha256 is None
    with db.uow() as uow:
        notified = uow.s.query(CaseEvent).filter_by(case_id=cid, action="enterprise_notified").count()
        assert notified == 1


def test_result_objection_window_and_single_final_reevaluation(flow, db):
    cid = flow.case("issued")
    rid = _report(db, cid).id
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="尚未送达"):
            objections.file_result_objection(uow, rid, "依据", ON, "ent")
        from ipcredit.issuance.service import deliver_report

        deliver_report(uow, rid, dt.date(2026, 3, 5), "agency")
        with pytest.raises(RuleViolation, match="15 日内"):
            objections.file_result_objection(uow, rid, "依据", dt.date(2026, 3, 21), "ent")
        with pytest.raises(RuleViolation, match="依据"):
            objections.file_result_objection(uow, rid, " ", dt.date(2026, 3, 20), "ent")
        obj = objections.file_result_objection(uow, rid, "新增发明专利授权证书", dt.date(2026, 3, 20), "ent")
        objections.reevaluate(uow, obj.id, "复评：补充专利", "agency", dt.date(2026, 3, 25),
                              {"capacity.valid_invention_patents": 25})
        with pytest.raises(RuleViolation, match="最终结果"):
            objections.file_result_objection(uow, rid, "再次异议", dt.date(2026, 3, 26), "ent")
        report = uow.s.get(IssuedReport, rid)
        assert report.final is True
