"""``seed_demo``: a qualified agency, its people and three enterprises at different stages
(applied; collecting with facts; issued and delivered), driven through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ipcredit.agencies.schemas import AgencyIn, PersonIn
from ipcredit.agencies.service import add_person, register_agency
from ipcredit.cases import collection
from ipcredit.cases import service as cases
from ipcredit.cases.domain import Signature
from ipcredit.cases.models import Case
from ipcredit.db.uow import UnitOfWork
from ipcredit.issuance.service import deliver_report, issue_report
from ipcredit.reviews import service as panel
from ipcredit.standard.credit_code import check_character

ACTOR = "demo"


def credit_code(first17: str) -> str:
    return first17 + check_character(first17)


ENTERPRISES = (
    ("示范知识产权科技有限公司", credit_code("91330106MA2B3C4D5")),
    ("华信专利材料股份有限公司", credit_code("91440300MA5F0X1Y2")),
    ("青禾创新设计有限公司", credit_code("91110108MA01Q2R3T")),
)


def demo_facts(name: str, code: str, on: dt.date) -> dict[str, Any]:
    year = on.year
    return {
        "schema": "ipcredit/facts-v1", "evaluation_date": on.isoformat(),
        "enterprise": {"name": name, "credit_code": code, "industry": "C39", "annual_revenue_wan": 35000},
        "basic": {"ip_department": True, "ip_specialists": 3, "ip_lawyer": False,
                  "rd_staff_ratio": [0.12, 0.11, 0.13], "rd_expense_ratio": [0.045, 0.05, 0.052],
                  "ip_strategy": {"formulated": True, "culture": True, "system": True, "integrated": False},
                  "ipms_certified": True, "ip_advantage_or_demo": True, "early_warning": True, "ip_association": True},
        "capacity": {"valid_invention_patents": 18, "other_ip": 64, "foreign_applications": 7,
                     "transfer_license_wan": 320, "pledge_wan": 1500, "open_license_or_pool_patents": 2,
                     "standard_patents": 1, "high_value_patents": 9, "dispute_gain_wan": 80,
                     "trade_secret": {"full_process": True, "internal": True, "external": False}},
        "records": [{"kind": "national_award", "id": "award-1", "date": f"{year - 2}-06-01", "title": "中国专利奖优秀奖"}],
    }


def _people(uow: UnitOfWork, agency_id: int, on: dt.date) -> dict[str, list[int]]:
    since = on.replace(year=on.year - 5)
    ids: dict[str, list[int]] = {"evaluator": [], "reviewer": [], "expert": []}
    names = ["王明", "李华", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周婷"]
    for i, name in enumerate(names):
        ids["evaluator"].append(add_person(uow, agency_id, PersonIn(
            name=name, kind="evaluator", credit_qualification=True, ip_training=True,
            credit_service_since=since if i < 2 else on.replace(year=on.year - 1))))
    for name in ("孙立", "吴敏"):
        ids["reviewer"].append(add_person(uow, agency_id, PersonIn(name=name, kind="reviewer", credit_qualification=True, ip_training=True)))
    for name in ("郑教授", "冯高工"):
        ids["expert"].append(add_person(uow, agency_id, PersonIn(name=name, kind="expert")))
    return ids


def _collect(uow: UnitOfWork, case_id: int, lead: int, other: int, name: str, code: str, on: dt.date) -> None:
    cases.sign_contract(uow, case_id, f"HT-{on.year}-{case_id:03d}", ACTOR, on)
    cases.assign_member(uow, case_id, lead, "lead", ACTOR, on)
    cases.assign_member(uow, case_id, other, "evaluator", ACTOR, on)
    cases.start_preparing(uow, case_id, ACTOR, "评价工作方案：资料清单、现场访谈、评审安排")
    cases.start_collecting(uow, case_id, ACTOR)
    collection.import_facts(uow, case_id, demo_facts(name, code, on), "企业提交材料与公开数据核验", on, ACTOR)


def _consent_to_verification_page(uow: UnitOfWork, report, on: dt.date) -> None:
    """The issued enterprise lets the verification page show its report details (SPEC §5)."""
    from ipcredit.consent.service import grant_consent

    enterprise_id = uow.s.get(Case, report.case_id).enterprise_id
    grant_consent(uow, enterprise_id, "verification_page", None, report.valid_until, "青禾创新设计 IP 经理", on)


def ensure_demo_consent(uow: UnitOfWork, on: dt.date) -> bool:
    """For demo data seeded before consents existed: record the demo consent once (an enterprise
    that has ever given or revoked one is left alone). True when one was recorded."""
    from sqlalchemy import select

    from ipcredit.cases.models import Enterprise
    from ipcredit.consent.disclosure import latest_report_of_enterprise
    from ipcredit.consent.models import Consent

    enterprise_id = uow.s.scalars(select(Enterprise.id).where(Enterprise.credit_code == ENTERPRISES[2][1])).first()
    report = latest_report_of_enterprise(uow, enterprise_id) if enterprise_id else None
    if report is None or report.valid_until < on or uow.s.scalars(
            select(Consent.id).where(Consent.enterprise_id == enterprise_id)).first() is not None:
        return False
    _consent_to_verification_page(uow, report, on)
    return True


def seed_demo(uow: UnitOfWork, on: dt.date) -> dict[str, Any]:
    agency_id = register_agency(uow, AgencyIn(code="DEMO", name="示范信用评价有限公司",
                                              licence_no="91330000DEMO00001X", filing_no="BA-2026-001"))
    ids = _people(uow, agency_id, on)
    lead, other = ids["evaluator"][0], ids["evaluator"][2]
    (n1, c1), (n2, c2), (n3, c3) = ENTERPRISES
    applied = cases.apply_for_evaluation(uow, agency_id, c1, n1, ACTOR, on)
    collecting = cases.apply_for_evaluation(uow, agency_id, c2, n2, ACTOR, on)
    _collect(uow, collecting, lead, other, n2, c2, on)
    issued = cases.apply_for_evaluation(uow, agency_id, c3, n3, ACTOR, on)
    _collect(uow, issued, ids["evaluator"][1], other, n3, c3, on)
    collection.verify_pending_facts(uow, issued, ACTOR, "与原件核对一致")
    collection.record_interview(uow, issued, on, "企业会议室", "李华", "企业知识产权负责人", "了解知识产权管理体系运行情况",
                                [Signature("李华", "interviewer", on), Signature("企业负责人", "interviewee", on)], ACTOR)
    draft = collection.draft_report(uow, issued, ACTOR)
    members = [(ids["evaluator"][1], "lead"), (ids["reviewer"][0], "reviewer"), (ids["reviewer"][1], "reviewer"),
               (ids["expert"][0], "expert"), (ids["expert"][1], "expert")]
    panel_id = panel.form_panel(uow, issued, members, ACTOR, on)
    for pid, _ in members:
        panel.sign_confidentiality(uow, panel_id, pid, on, ACTOR)
        panel.cast_vote(uow, panel_id, pid, draft.grade, ACTOR)
    panel.decide(uow, panel_id, ACTOR)
    report = issue_report(uow, issued, ACTOR, on)
    deliver_report(uow, report.id, on, ACTOR)
    _consent_to_verification_page(uow, report, on)
    return {"agency_id": agency_id, "people": ids, "cases": {"applied": applied, "collecting": collecting, "issued": issued},
            "report": {"id": report.id, "number": report.number, "verification_code": report.verification_code,
                       "grade": report.grade}}
