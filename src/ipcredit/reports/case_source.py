"""The case workflow's database as a report source and a `ReportRegistry` (issue 5 storage).

`DbReportRegistry` answers the two lookups of verification from the ``issued_report``
table; `issued_case_view` rebuilds the report of an issued case from its frozen facts
version and the model it was scored with (bundled, or the workflow's stored snapshot);
`store_pdf_digest` / `store_file_digest` record the SHA-256 of a delivered file
(``store_report_file_hash``): the report PDF, the grade certificate and the DOCX copy each have
their own column, so every kind handed out verifies as authentic; a kind never handed out
answers ``unconfirmed``. `draft_case_view` is the report before issue (草稿, no number).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ipcredit.domain_errors import NotFound, RuleViolation
from ipcredit.reports.meta import Agency, ReportMeta, normalize_code
from ipcredit.reports.verify import IssuedReport, Status
from ipcredit.reports.view import ReportView

ROLE_LABELS = {"lead": "项目负责人"}


def _digests(row) -> dict[str, str]:
    """kind → stored SHA-256 of the files of an issued report."""
    from ipcredit.issuance.service import FILE_DIGEST_COLUMNS

    return {kind: getattr(row, col) for kind, col in FILE_DIGEST_COLUMNS.items() if getattr(row, col)}


def _record(session, row) -> IssuedReport:
    from ipcredit.cases.models import Case

    case = session.get(Case, row.case_id)
    digests = _digests(row)
    return IssuedReport(
        report_number=row.number, verification_code=row.verification_code, issue_date=row.issued_on,
        valid_until=row.valid_until, status=Status(row.status), sha256=frozenset(digests.values()),
        enterprise=case.enterprise.name if case else "", grade=row.grade,
        file_kinds=frozenset({"report"} | set(digests)),
    )


class DbReportRegistry:
    """`ReportRegistry` over the workflow's ``issued_report`` table (one unit of work)."""

    def __init__(self, uow) -> None:
        self.uow = uow

    def by_code(self, code: str) -> IssuedReport | None:
        from ipcredit.issuance.models import IssuedReport as Row

        row = self.uow.s.scalars(select(Row).where(Row.verification_code == normalize_code(code))).first()
        return _record(self.uow.s, row) if row else None

    def by_sha256(self, digest: str) -> IssuedReport | None:
        from ipcredit.issuance.models import IssuedReport as Row

        from sqlalchemy import or_

        row = self.uow.s.scalars(select(Row).where(or_(
            Row.file_sha256 == digest, Row.certificate_sha256 == digest, Row.docx_sha256 == digest))).first()
        return _record(self.uow.s, row) if row else None


def latest_report_of_case(session, case_id: int):
    from ipcredit.issuance.models import IssuedReport as Row

    row = session.scalars(select(Row).where(Row.case_id == case_id).order_by(Row.id.desc())).first()
    if row is None:
        raise NotFound(f"案件 {case_id} 没有已出具的报告 (case has no issued report)")
    return row


def _evaluators(session, case) -> tuple[str, ...]:
    from ipcredit.agencies.repository import get_person

    names = []
    for m in sorted(case.members, key=lambda m: (m.role != "lead", m.id)):
        name = get_person(session, m.person_id).name
        names.append(f"{name}（{ROLE_LABELS[m.role]}）" if m.role in ROLE_LABELS else name)
    return tuple(names)


def issued_case_view(uow, case_id: int, extra: ReportMeta | None = None,
                     seal: Path | None = None) -> tuple[ReportView, int]:
    """The view of an issued case's report and the report's id. ``extra`` supplies what the
    database does not hold (opinions, verification URL base, seal)."""
    from ipcredit.agencies.repository import get_agency
    from ipcredit.cases.models import Case, Scoring
    from ipcredit.reports.service import make_view
    from ipcredit.reviews.service import decided_panel

    row = latest_report_of_case(uow.s, case_id)
    case, scoring = uow.s.get(Case, row.case_id), uow.s.get(Scoring, row.scoring_id)
    facts, model = _scored_facts(uow.s, case_id, scoring)
    agency = get_agency(uow.s, row.agency_id)
    extra = extra or ReportMeta()
    meta = ReportMeta(
        agency=Agency(name=agency.name, filing_number=agency.filing_no or "",
                      seal_path=seal or extra.agency.seal_path, verify_base_url=extra.agency.verify_base_url),
        report_number=row.number, evaluators=_evaluators(uow.s, case), issue_date=row.issued_on,
        verification_code=row.verification_code, opinions=extra.opinions, purpose=extra.purpose, draft=False,
    )
    panel = decided_panel(uow.s, case.id)
    decided = next((g for g in model.grades if g.grade == row.grade), None)
    view = make_view(facts, meta, model, scoring.profile, decided, panel.reasons if panel else "")
    if view.total != _plain(scoring.total):
        raise RuleViolation(f"重新计分 {view.total} 与存档评分 {scoring.total} 不一致 (scores differ)")
    return view, row.id


def _scored_facts(session, case_id: int, scoring):
    """(facts, model) a scoring was computed from; refused once the facts were redacted."""
    from ipcredit.cases.models import FactsVersion
    from ipcredit.standard import parse_facts

    fv = session.get(FactsVersion, scoring.facts_version_id)
    if fv.document is None:
        raise RuleViolation(f"案件 {case_id} 的事实已按 5 年期限去除，不能再生成报告 (facts redacted)", "§5.3.10")
    facts = parse_facts(fv.document, f"案件 {case_id} 事实版本 {fv.version}")
    return facts, _scoring_model(session, scoring.model_hash)


def _scoring_model(session, content_hash: str):
    """The model the case was scored with: the bundled one, or its stored snapshot."""
    from ipcredit.cases.model_snapshots import model_from_snapshot
    from ipcredit.standard import bundled_model

    model = bundled_model()
    if model.content_hash == content_hash:
        return model
    model = model_from_snapshot(session, content_hash)
    if model is None:
        raise RuleViolation(f"评分所用模型 {content_hash[:19]} 既非当前内置模型也无存档快照，不能重新生成报告 (model unavailable)")
    return model


def _plain(value) -> str:
    from ipcredit.standard.decimals import fmt_score, to_decimal

    return fmt_score(to_decimal(value))


def store_pdf_digest(uow, report_id: int, digest: str, actor: str) -> None:
    store_file_digest(uow, report_id, digest, actor, "report")


def store_file_digest(uow, report_id: int, digest: str, actor: str, kind: str) -> None:
    """Store the SHA-256 of a delivered ``report`` PDF, ``certificate`` PDF or ``docx``."""
    from ipcredit.issuance.service import store_report_file_hash

    store_report_file_hash(uow, report_id, digest, actor, kind)


def draft_case_view(uow, case_id: int, extra: ReportMeta | None = None) -> ReportView:
    """The report of a case before issue (草稿/DRAFT): the latest draft scoring's facts and
    model, the panel's grade once decided; no report number, no verification code."""
    from ipcredit.agencies.repository import get_agency
    from ipcredit.cases.models import Case
    from ipcredit.cases.repository import draft_scoring
    from ipcredit.reports.service import make_view
    from ipcredit.reviews.service import decided_panel

    case = uow.s.get(Case, case_id)
    scoring = draft_scoring(uow.s, case_id) if case else None
    if scoring is None:
        raise RuleViolation(f"案件 {case_id} 尚未计分起草，没有可预览的报告 (no draft scoring yet)", "§5.3")
    facts, model = _scored_facts(uow.s, case_id, scoring)
    agency = get_agency(uow.s, case.agency_id)
    extra = extra or ReportMeta()
    meta = ReportMeta(agency=Agency(name=agency.name, filing_number=agency.filing_no or "",
                                    verify_base_url=extra.agency.verify_base_url),
                      report_number="草稿（出具时编号）", evaluators=_evaluators(uow.s, case), draft=True)
    panel = decided_panel(uow.s, case.id)
    decided = next((g for g in model.grades if panel and g.grade == panel.decided_grade), None)
    return make_view(facts, meta, model, scoring.profile, decided, panel.reasons if panel else "")
