"""Use cases of issuing reports and of the report record the renderer and verifiers use."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ipcredit.agencies.repository import get_agency, get_person
from ipcredit.cases.models import Case, Scoring
from ipcredit.cases.repository import draft_scoring, get_case, record_event, transition
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.issuance import domain
from ipcredit.issuance.models import IssuedReport, ReportCounter


def next_sequence(session, agency_id: int, year: int) -> int:
    """Take the next number for (agency, year) inside the caller's transaction. The counter
    row is locked by the UPDATE until commit, so numbers are unique; a rolled-back issue
    rolls the counter back too, so they are gap-free."""
    bump = (update(ReportCounter)
            .where(ReportCounter.agency_id == agency_id, ReportCounter.year == year)
            .values(last=ReportCounter.last + 1)
            .returning(ReportCounter.last)
            .execution_options(synchronize_session=False))
    seq = session.execute(bump).scalar()
    if seq is None:
        try:
            with session.begin_nested():
                session.add(ReportCounter(agency_id=agency_id, year=year, last=0))
        except IntegrityError:
            pass  # another transaction created it first; the UPDATE below waits for it
        seq = session.execute(bump).scalar()
    return int(seq)


def issue_report(uow: UnitOfWork, case_id: int, actor: str, on: dt.date) -> IssuedReport:
    """出具报告: after the panel decided; numbers, validity, verification code, archive."""
    from ipcredit.archive.service import freeze_case
    from ipcredit.reviews.service import decided_panel

    case = get_case(uow.s, case_id, lock=True)
    panel = decided_panel(uow.s, case.id)
    if case.state != "in_review" or panel is None:
        raise RuleViolation(f"案件处于 {case.state}，须经评审委员会作出等级结论后出具报告", "§5.3.7")
    agency = get_agency(uow.s, case.agency_id)
    if agency.qualification_revoked_on is not None:
        raise RuleViolation(f"{agency.name} 评价资格已被取消，不能出具报告", "§6")
    scoring = draft_scoring(uow.s, case.id)
    if case.kind == "recheck":
        return _conclude_recheck(uow, case, panel.decided_grade, scoring, actor, on)
    seq = next_sequence(uow.s, agency.id, on.year)
    report = IssuedReport(
        case_id=case.id, agency_id=agency.id, year=on.year, seq=seq,
        number=domain.format_report_number(agency.code, on.year, seq),
        verification_code=domain.new_verification_code(), issued_on=on,
        valid_until=domain.valid_until(on), grade=panel.decided_grade, total=scoring.total,
        scoring_id=scoring.id,
    )
    uow.s.add(report)
    uow.s.flush()
    transition(uow.s, case, "issued", actor, f"出具报告 {report.number}",
               {"report_id": report.id, "number": report.number, "grade": report.grade})
    freeze_case(uow.s, case, report, on, actor)
    uow.commit()
    return report


def _conclude_recheck(uow: UnitOfWork, case: Case, grade: str, scoring: Scoring, actor: str, on: dt.date) -> IssuedReport:
    """A re-check (§6) changes the grade of the report it re-checks instead of issuing a new
    one; the report keeps its number and validity, the change is on both timelines."""
    from ipcredit.archive.service import freeze_case
    from ipcredit.supervision.service import recheck_origin

    report = recheck_origin(uow.s, case.id)
    if report is None or report.status != "valid":
        raise RuleViolation("复核对应的报告不存在或已失效 (re-checked report not valid)")
    old = report.grade
    change_report_grade(uow.s, report, scoring, grade, actor, f"年度复核（案件 {case.id}）")
    transition(uow.s, case, "issued", actor, f"复核结论：{old} → {grade}",
               {"report_id": report.id, "number": report.number, "old_grade": old, "grade": grade})
    freeze_case(uow.s, get_case(uow.s, report.case_id), report, on, actor)
    uow.commit()
    return report


def get_report(session, report_id: int, lock: bool = False) -> IssuedReport:
    stmt = select(IssuedReport).where(IssuedReport.id == report_id)
    report = session.scalars(stmt.with_for_update().execution_options(populate_existing=True) if lock else stmt).first()
    if report is None:
        raise NotFound(f"报告 {report_id} 不存在 (no such report)")
    return report


def deliver_report(uow: UnitOfWork, report_id: int, on: dt.date, actor: str) -> None:
    """Record delivery (送达) to the enterprise: starts the 15-day result-objection window."""
    report = get_report(uow.s, report_id, lock=True)
    if on < report.issued_on:
        raise RuleViolation("送达日期不能早于出具日期 (delivery before issue)")
    report.delivered_on = on
    record_event(uow.s, get_case(uow.s, report.case_id), actor, "report_delivered", None,
                 {"report_id": report.id, "on": on.isoformat()})
    uow.commit()


def find_report_by_verification_code(uow: UnitOfWork, code: str) -> IssuedReport:
    """The report with this public verification code (renderer / verification page)."""
    report = uow.s.scalars(select(IssuedReport).where(
        IssuedReport.verification_code == domain.normalize_code(code))).first()
    if report is None:
        raise NotFound(f"验证码 {code} 无对应报告 (no report with this verification code)")
    return report


def _report_with_parties(uow: UnitOfWork, code: str):
    """(report, enterprise, agency name) by verification code in one indexed query — the
    public verification page is the most requested page (issue 8 load target)."""
    from ipcredit.agencies.models import Agency
    from ipcredit.cases.models import Enterprise

    row = uow.s.execute(
        select(IssuedReport, Enterprise, Agency.name)
        .join(Case, Case.id == IssuedReport.case_id).join(Enterprise, Enterprise.id == Case.enterprise_id)
        .join(Agency, Agency.id == IssuedReport.agency_id)
        .where(IssuedReport.verification_code == domain.normalize_code(code))).first()
    if row is None:
        raise NotFound(f"验证码 {code} 无对应报告 (no report with this verification code)")
    return row


def verify_report(uow: UnitOfWork, code: str, today: dt.date) -> dict:
    """What a report user may see: authenticity and validity, without the credit details
    once the 5-year disclosure limit has passed (§5.3.10)."""
    from ipcredit.archive.domain import disclosure_allowed

    report, enterprise, agency_name = _report_with_parties(uow, code)
    status = domain.public_status(report.status, report.valid_until, today)
    view = {"number": report.number, "status": status, "status_label": domain.STATUS_LABELS[status],
            "issued_on": report.issued_on.isoformat(), "valid_until": report.valid_until.isoformat(),
            "enterprise": enterprise.name, "credit_code": enterprise.credit_code,
            "agency": agency_name, "status_reason": report.status_reason}
    if disclosure_allowed(report.issued_on, today):
        view["grade"] = report.grade
    else:
        view["grade"] = None
        view["note"] = "信用信息已超过 5 年使用和披露期限，不再披露等级 (beyond the 5-year disclosure limit)"
    return view


FILE_DIGEST_COLUMNS = {"report": "file_sha256", "certificate": "certificate_sha256", "docx": "docx_sha256"}


def store_report_file_hash(uow: UnitOfWork, report_id: int, sha256: str, actor: str, kind: str = "report") -> None:
    """The renderer stores the SHA-256 of the rendered file it delivered: the report PDF,
    the grade certificate or the DOCX copy (``kind``)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise RuleViolation(f"SHA-256 应为 64 位小写十六进制，得到 {sha256!r}")
    if kind not in FILE_DIGEST_COLUMNS:
        raise RuleViolation(f"文件类别应为 {', '.join(FILE_DIGEST_COLUMNS)}，得到 {kind!r} (unknown file kind)")
    report = get_report(uow.s, report_id, lock=True)
    setattr(report, FILE_DIGEST_COLUMNS[kind], sha256)
    record_event(uow.s, get_case(uow.s, report.case_id), actor, "report_file_stored", None,
                 {"report_id": report.id, "sha256": sha256, "kind": kind})
    uow.commit()


def set_report_status(session, report: IssuedReport, status: str, reason: str, on: dt.date, actor: str) -> None:
    """Mark the report revoked/cancelled and move its case (same transaction as the caller)."""
    if report.status != "valid":
        raise RuleViolation(f"报告 {report.number} 已是 {report.status} (report not valid)")
    report.status, report.status_reason, report.status_changed_on = status, reason, on
    case = get_case(session, report.case_id, lock=True)
    target = "revoked" if status == "revoked" else "cancelled"
    transition(session, case, target, actor, reason, {"report_id": report.id, "number": report.number})


def revoke_report(uow: UnitOfWork, report_id: int, reason: str, actor: str, on: dt.date) -> None:
    """撤销: the report shows as revoked everywhere (verification included)."""
    if not reason.strip():
        raise RuleViolation("撤销报告须写明理由 (reason required)")
    set_report_status(uow.s, get_report(uow.s, report_id, lock=True), "revoked", reason, on, actor)
    uow.commit()


def change_report_grade(session, report: IssuedReport, scoring: Scoring, grade: str, actor: str, reason: str) -> bool:
    """Propagate a corrected/re-evaluated grade to the issued report; the rendered file must
    be produced again (its hash is cleared). Returns True when the grade changed."""
    old_grade, old_total = report.grade, report.total
    report.grade, report.total, report.scoring_id = grade, scoring.total, scoring.id
    report.file_sha256 = report.certificate_sha256 = report.docx_sha256 = None
    record_event(session, get_case(session, report.case_id), actor, "report_changed", reason,
                 {"report_id": report.id, "old_grade": old_grade, "new_grade": grade,
                  "old_total": str(old_total), "new_total": str(scoring.total)})
    return old_grade != grade


def report_for_rendering(uow: UnitOfWork, report_id: int) -> dict:
    """Everything the renderer needs about an issued report."""
    report = get_report(uow.s, report_id)
    case = uow.s.get(Case, report.case_id)
    agency = get_agency(uow.s, report.agency_id)
    scoring = uow.s.get(Scoring, report.scoring_id)
    return {
        "id": report.id, "number": report.number, "verification_code": report.verification_code,
        "issued_on": report.issued_on.isoformat(), "valid_until": report.valid_until.isoformat(),
        "grade": report.grade, "total": str(report.total), "status": report.status,
        "enterprise": case.enterprise.name, "credit_code": case.enterprise.credit_code,
        "agency": agency.name, "agency_filing_no": agency.filing_no, "file_sha256": report.file_sha256,
        "evaluators": [{"name": get_person(uow.s, m.person_id).name, "role": m.role} for m in case.members],
        "evaluation": scoring.result,
    }


def reports_of_enterprise(session, enterprise_id: int) -> list[IssuedReport]:
    return list(session.scalars(select(IssuedReport).join(Case, Case.id == IssuedReport.case_id)
                                .where(Case.enterprise_id == enterprise_id).order_by(IssuedReport.id)))
