"""Sampling, revocation proposals, false materials, retention."""

import datetime as dt
from decimal import Decimal

import pytest

from ipcredit.agencies.service import agency_status
from ipcredit.archive.service import retention_run
from ipcredit.cases import service as cases
from ipcredit.cases.evidence import blob_path
from ipcredit.cases.models import Case, FactsVersion
from ipcredit.domain_errors import RuleViolation
from ipcredit.issuance.models import IssuedReport
from ipcredit.issuance.service import verify_report
from ipcredit.supervision import service as sup

ON = dt.date(2026, 3, 2)


def test_sampling_is_reproducible_and_opens_rechecks(flow, db):
    for _ in range(4):
        flow.case("issued")
    with db.uow() as uow:
        a = sup.run_sampling(uow, flow.agency_id, 2026, Decimal("0.5"), "sup", dt.date(2026, 12, 1), seed=42)
        b = sup.run_sampling(uow, flow.agency_id, 2026, Decimal("0.5"), "sup", dt.date(2026, 12, 1), seed=42)
        assert a.selected == b.selected and len(a.selected) == 2 and a.seed == 42
        kinds = [c.kind for c in uow.s.query(Case).filter(Case.id.in_(a.recheck_cases))]
        assert kinds == ["recheck", "recheck"]
        c = sup.run_sampling(uow, flow.agency_id, 2026, Decimal("0.5"), "sup", dt.date(2026, 12, 1))
        assert c.seed is not None and len(c.selected) == 2


def test_dishonest_listing_raises_proposal_and_revocation_shows(flow, db):
    name, code = flow.new_enterprise()
    cid = flow.case("issued", enterprise=(name, code))
    with db.uow() as uow:
        award = {"kind": "national_award", "date": "2026-05-01", "title": "奖"}
        assert sup.import_credit_record(uow, code, award, "公示系统", "sup", dt.date(2026, 6, 1)) == []
        rec = {"kind": "bad_record", "category": "listed_dishonest", "date": "2026-05-01"}
        props = sup.import_credit_record(uow, code, rec, "公示系统", "sup", dt.date(2026, 6, 1))
        assert len(props) == 1
        sup.decide_revocation(uow, props[0].id, True, "核实属实", "sup", dt.date(2026, 6, 2))
        report = uow.s.query(IssuedReport).filter_by(case_id=cid).one()
        assert verify_report(uow, report.verification_code, dt.date(2026, 6, 3))["status"] == "revoked"


def test_agency_that_assisted_false_materials_loses_qualification(flow, db):
    cid = flow.case("issued")
    with db.uow() as uow:
        result = sup.false_materials_found(uow, cid, dt.date(2026, 5, 1), "伪造合同", "sup", agency_assisted=True)
        assert result["ban_until"] == "2029-04-30" and len(result["cancelled"]) == 1
        report = uow.s.query(IssuedReport).filter_by(case_id=cid).one()
        assert report.status == "cancelled"
        assert not agency_status(uow, flow.agency_id, dt.date(2026, 5, 2)).eligible
        name, code = flow.new_enterprise()
        with pytest.raises(RuleViolation, match="评价资格已"):
            cases.apply_for_evaluation(uow, flow.agency_id, code, name, "t", dt.date(2026, 5, 2))


def test_retention_dry_run_then_apply(flow, db):
    from ipcredit.cases import collection

    cid = flow.case("collecting")
    with db.uow() as uow:
        sha = collection.attach_evidence(uow, cid, "capacity.pledge_wan", b"%PDF-1.4 x", "a.pdf", "t")
    db_case = cid
    with db.uow() as uow:
        for f in collection.facts_listing(uow, db_case):
            collection.verify_fact(uow, db_case, f["path"], "verified", "t", "核对")
        from ipcredit.cases.domain import Signature

        collection.record_interview(uow, db_case, ON, "p", "a", "b", "s",
                                    [Signature("a", "interviewer", ON), Signature("b", "interviewee", ON)], "t")
        collection.draft_report(uow, db_case, "t")
        flow.panel(uow, db_case)
        from ipcredit.issuance.service import issue_report

        code = issue_report(uow, db_case, "t", ON).verification_code
        assert retention_run(uow, dt.date(2031, 3, 1), dry_run=True) == []
        dry = retention_run(uow, dt.date(2031, 3, 2), dry_run=True)
        assert [a["action"] for a in dry] == ["redact"]
        assert uow.s.query(FactsVersion).filter_by(case_id=db_case).first().document is not None
        retention_run(uow, dt.date(2031, 3, 2), dry_run=False)
        assert uow.s.query(FactsVersion).filter_by(case_id=db_case).first().document is None
        assert verify_report(uow, code, dt.date(2031, 3, 2))["grade"] is None
        assert blob_path(db.data_dir / "evidence", sha).exists()
        assert [a["action"] for a in retention_run(uow, dt.date(2033, 3, 3), dry_run=False)] == ["purge"]
        assert not blob_path(db.data_dir / "evidence", sha).exists()


def test_recheck_changes_the_grade_of_the_sampled_report(flow, db):
    from wf_support import facts_doc

    name, code = flow.new_enterprise()
    cid = flow.case("issued", enterprise=(name, code))
    with db.uow() as uow:
        report = uow.s.query(IssuedReport).filter_by(case_id=cid).one()
        run = sup.run_sampling(uow, flow.agency_id, 2026, Decimal("1"), "sup", dt.date(2026, 12, 1), seed=1)
    recheck = run.recheck_cases[0]
    flow.on = dt.date(2026, 12, 10)
    weaker = facts_doc(name, code, flow.on, capacity={"valid_invention_patents": 1}, records=[])
    flow.advance(recheck, "issued", weaker)
    with db.uow() as uow:
        after = uow.s.get(IssuedReport, report.id)
        assert uow.s.query(IssuedReport).count() == 1  # no new report number
        assert (after.number, after.valid_until) == (report.number, report.valid_until)
        assert after.grade != report.grade and after.total < report.total
        assert uow.s.get(Case, recheck).state == "issued"
