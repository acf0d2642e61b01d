"""Read models of the supervision pages (§6): sampling runs with their re-check cases and
outcomes, revocation proposals of the agency's reports (queries only; the rules live in
`ipcredit.supervision`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ipcredit.domain_errors import NotFound

PROPOSAL_LABELS = {"proposed": "待决定", "accepted": "已接受（报告已撤销）", "rejected": "已驳回"}


def _outcome(u, case) -> str:
    """What the re-check came to: the grade change when concluded, else its state."""
    from ipcredit.cases.domain import STATE_LABELS
    from ipcredit.cases.models import CaseEvent

    if case.state in ("issued", "archived"):
        ev = u.s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.to_state == "issued")
                         .order_by(CaseEvent.id.desc())).first()
        detail = (ev.detail or {}) if ev else {}
        if detail.get("old_grade"):
            old, new = detail["old_grade"], detail.get("grade")
            return f"复核完成：{old} → {new}" + ("（等级不变）" if old == new else "（等级变更）")
    if case.state in ("cancelled", "rejected"):
        return f"复核终止：{STATE_LABELS[case.state]}"
    return f"复核中：{STATE_LABELS[case.state]}"


def runs_of(u, agency_id: int) -> list[dict[str, Any]]:
    from ipcredit.supervision.models import SamplingRun

    runs = u.s.scalars(select(SamplingRun).where(SamplingRun.agency_id == agency_id).order_by(SamplingRun.id.desc()))
    return [{"id": r.id, "year": r.year, "seed": r.seed, "rate": r.rate, "population": len(r.population),
             "selected": len(r.selected), "actor": r.actor, "created_at": r.created_at} for r in runs]


def run_detail(u, run_id: int, agency_id: int) -> dict[str, Any]:
    from ipcredit.cases.models import Case
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.supervision.models import RecheckLink, SamplingRun

    run = u.s.get(SamplingRun, run_id)
    if run is None or run.agency_id != agency_id:
        raise NotFound(f"抽查 {run_id} 不存在 (no such sampling run)")
    rows = []
    for link in u.s.scalars(select(RecheckLink).where(RecheckLink.sampling_run_id == run.id).order_by(RecheckLink.case_id)):
        case, report = u.s.get(Case, link.case_id), u.s.get(IssuedReport, link.report_id)
        rows.append({"case_id": case.id, "state": case.state, "report_number": report.number,
                     "grade": report.grade, "report_status": report.status, "enterprise": case.enterprise.name,
                     "credit_code": case.enterprise.credit_code, "outcome": _outcome(u, case)})
    return {"run": {"id": run.id, "year": run.year, "seed": run.seed, "rate": run.rate, "population": run.population,
                    "selected": run.selected, "actor": run.actor, "created_at": run.created_at}, "sampled": rows}


def proposals_of(u, agency_id: int) -> list[dict[str, Any]]:
    from ipcredit.cases.models import Case
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.supervision.models import ImportedRecord, RevocationProposal

    stmt = (select(RevocationProposal, IssuedReport, ImportedRecord)
            .join(IssuedReport, IssuedReport.id == RevocationProposal.report_id)
            .join(ImportedRecord, ImportedRecord.id == RevocationProposal.record_id)
            .where(IssuedReport.agency_id == agency_id).order_by(RevocationProposal.id.desc()))
    out = []
    for prop, report, rec in u.s.execute(stmt):
        case = u.s.get(Case, report.case_id)
        out.append({"id": prop.id, "status": prop.status, "status_label": PROPOSAL_LABELS[prop.status],
                    "reason": prop.reason, "raised_on": prop.raised_on, "decided_on": prop.decided_on,
                    "decided_by": prop.decided_by, "decision_reason": prop.decision_reason,
                    "report_number": report.number, "grade": report.grade, "case_id": report.case_id,
                    "enterprise": case.enterprise.name, "record": rec.record, "source": rec.source})
    return out


def proposal_in_agency(u, proposal_id: int, agency_id: int) -> None:
    """NotFound unless the proposal concerns a report of this agency."""
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.supervision.models import RevocationProposal

    prop = u.s.get(RevocationProposal, proposal_id)
    if prop is None or u.s.get(IssuedReport, prop.report_id).agency_id != agency_id:
        raise NotFound(f"撤销建议 {proposal_id} 不存在 (no such proposal)")


def rated_enterprises(u, agency_id: int) -> list[tuple[str, str]]:
    """(credit code, name) of the enterprises with a report of this agency (record import)."""
    from ipcredit.cases.models import Case
    from ipcredit.issuance.models import IssuedReport

    stmt = (select(Case).join(IssuedReport, IssuedReport.case_id == Case.id)
            .where(IssuedReport.agency_id == agency_id).order_by(Case.id))
    seen: dict[str, str] = {}
    for case in u.s.scalars(stmt):
        seen.setdefault(case.enterprise.credit_code, case.enterprise.name)
    return list(seen.items())
