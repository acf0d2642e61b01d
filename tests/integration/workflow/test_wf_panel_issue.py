"""Review panel, issue (gap-free numbers under concurrency), verification."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from ipcredit.cases.repository import draft_scoring, get_case
from ipcredit.domain_errors import RuleViolation
from ipcredit.issuance import service as issuance
from ipcredit.issuance.models import IssuedReport
from ipcredit.reviews import service as panel

ON = dt.date(2026, 3, 2)


def test_panel_composition_is_enforced(flow, db):
    cid = flow.case("drafting")
    members = flow.panel_members()
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="奇数"):
            panel.form_panel(uow, cid, members[:4], "t", ON)
        with pytest.raises(RuleViolation, match="不是本案项目负责人"):
            panel.form_panel(uow, cid, [(flow.evaluators[4], "lead")] + members[1:], "t", ON)
        from ipcredit.agencies.service import declare_interest

        declare_interest(uow, get_case(uow.s, cid).enterprise.credit_code, "顾问", ON, person_id=flow.experts[1])
        with pytest.raises(RuleViolation, match="回避"):
            panel.form_panel(uow, cid, members, "t", ON)
        assert get_case(uow.s, cid).state == "drafting"


def test_votes_need_confidentiality_majority_and_reasons(flow, db):
    cid = flow.case("drafting")
    members = flow.panel_members()
    with db.uow() as uow:
        draft = draft_scoring(uow.s, cid).grade
        other = "A" if draft != "A" else "AA"
        pid = panel.form_panel(uow, cid, members, "t", ON)
        with pytest.raises(RuleViolation, match="保密"):
            panel.cast_vote(uow, pid, members[0][0], draft, "t")
        for person, _ in members:
            panel.sign_confidentiality(uow, pid, person, ON, "t")
        for (person, _), choice in zip(members, [other, other, draft, draft]):
            panel.cast_vote(uow, pid, person, choice, "t")
        with pytest.raises(RuleViolation, match="过半数"):
            panel.decide(uow, pid, "t")
        panel.cast_vote(uow, pid, members[4][0], other, "t")
        with pytest.raises(RuleViolation, match="评审理由"):
            panel.decide(uow, pid, "t")
        assert panel.decide(uow, pid, "t", "专利质押金额核减后等级下调") == other
        report = issuance.issue_report(uow, cid, "t", ON)
    assert report.grade == other


def test_panel_can_send_back_to_drafting(flow, db):
    cid = flow.case("drafting")
    with db.uow() as uow:
        flow.panel(uow, cid, votes=["return", "return", "return", "AAA", "AAA"])
        assert get_case(uow.s, cid).state == "drafting"
        with pytest.raises(RuleViolation):
            issuance.issue_report(uow, cid, "t", ON)


def test_issue_sets_number_validity_and_verification(flow, db):
    cid = flow.case("issued")
    with db.uow() as uow:
        report = uow.s.query(IssuedReport).filter_by(case_id=cid).one()
        assert report.number == "ZX-2026-0001" and report.valid_until == dt.date(2029, 3, 1)
        view = issuance.verify_report(uow, report.verification_code.lower().replace("-", ""), ON)
        assert view["status"] == "valid" and view["grade"] == report.grade
        assert issuance.verify_report(uow, report.verification_code, dt.date(2029, 3, 2))["status"] == "expired"
        issuance.store_report_file_hash(uow, report.id, "a" * 64, "renderer")
        issuance.revoke_report(uow, report.id, "企业被列入失信名单", "t", ON)
        assert issuance.verify_report(uow, report.verification_code, ON)["status"] == "revoked"
        assert get_case(uow.s, cid).state == "revoked"


def test_rolled_back_issue_leaves_no_gap(flow, db):
    first, second = flow.case("in_review"), flow.case("in_review")
    with db.uow() as uow:
        issuance.next_sequence(uow.s, flow.agency_id, 2026)  # taken, then rolled back
    with db.uow() as uow:
        assert issuance.issue_report(uow, first, "t", ON).seq == 1
        assert issuance.issue_report(uow, second, "t", ON).seq == 2


@pytest.mark.slow
def test_concurrent_issuing_is_unique_and_gap_free(flow, db):
    cases = [flow.case("in_review") for _ in range(8)]

    def issue(cid):
        with db.uow() as uow:
            return issuance.issue_report(uow, cid, "t", ON).seq

    with ThreadPoolExecutor(max_workers=4) as pool:
        seqs = sorted(pool.map(issue, cases))
    assert seqs == list(range(1, 9))
    with db.uow() as uow:
        numbers = sorted(r.number for r in uow.s.query(IssuedReport))
    assert numbers == [f"ZX-2026-{i:04d}" for i in range(1, 9)]


def test_renderer_functions(flow, db):
    cid = flow.case("issued")
    with db.uow() as uow:
        report = uow.s.query(IssuedReport).filter_by(case_id=cid).one()
        data = issuance.report_for_rendering(uow, report.id)
        assert data["number"] == report.number and data["evaluators"][0] == {"name": "评价员0", "role": "lead"}
        assert data["evaluation"]["grade"] == report.grade and data["agency_filing_no"] == "BA-1"
        assert issuance.find_report_by_verification_code(uow, report.verification_code).id == report.id
        with pytest.raises(RuleViolation, match="SHA-256"):
            issuance.store_report_file_hash(uow, report.id, "xyz", "renderer")
        issuance.store_report_file_hash(uow, report.id, "b" * 64, "renderer")
        assert issuance.report_for_rendering(uow, report.id)["file_sha256"] == "b" * 64
