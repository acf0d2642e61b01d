"""Use cases of the archive: freeze on issue, close the case, retention run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ipcredit.archive import domain
from ipcredit.archive.models import ArchiveRecord
from ipcredit.cases import evidence
from ipcredit.cases.facts_document import document_hash
from ipcredit.cases.models import Case, CaseFact, EvidenceFile, FactEvidence, FactsVersion, Interview, Scoring
from ipcredit.cases.repository import get_case, record_event, transition
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation


def _manifest(session, case: Case, report) -> dict:
    fvs = session.scalars(select(FactsVersion).where(FactsVersion.case_id == case.id).order_by(FactsVersion.version))
    scorings = session.scalars(select(Scoring).where(Scoring.case_id == case.id).order_by(Scoring.id))
    ev = session.execute(select(FactEvidence.sha256, FactEvidence.filename).join(CaseFact)
                         .where(CaseFact.case_id == case.id).order_by(FactEvidence.id)).all()
    interviews = session.scalars(select(Interview.id).where(Interview.case_id == case.id).order_by(Interview.id))
    return {
        "case_id": case.id, "enterprise": case.enterprise.credit_code,
        "report": {"id": report.id, "number": report.number, "grade": report.grade,
                   "issued_on": report.issued_on.isoformat(), "valid_until": report.valid_until.isoformat()},
        "facts_versions": [{"version": f.version, "sha256": f.sha256} for f in fvs],
        "scorings": [{"id": s.id, "purpose": s.purpose, "model_hash": s.model_hash, "facts_sha256": s.facts_sha256,
                      "total": str(s.total), "grade": s.grade} for s in scorings],
        "evidence": [{"sha256": sha, "file": name} for sha, name in ev],
        "interviews": list(interviews),
    }


def freeze_case(session, case: Case, report, on: dt.date, actor: str) -> ArchiveRecord:
    """Freeze the case's papers into a new archive version (called on issue and after a
    post-issue change, in the caller's transaction)."""
    version = (session.scalar(select(func.max(ArchiveRecord.version)).where(ArchiveRecord.case_id == case.id)) or 0) + 1
    manifest = _manifest(session, case, report)
    first = session.scalars(select(ArchiveRecord).where(ArchiveRecord.case_id == case.id)
                            .order_by(ArchiveRecord.version)).first()
    archived_on = first.archived_on if first else on
    rec = ArchiveRecord(case_id=case.id, report_id=report.id, version=version, archived_on=on,
                        retention_until=domain.retention_until(archived_on), manifest=manifest,
                        manifest_sha256=document_hash(manifest))
    session.add(rec)
    session.flush()
    record_event(session, case, actor, "archived_papers", None,
                 {"archive_id": rec.id, "version": version, "retention_until": rec.retention_until.isoformat()})
    return rec


def close_case(uow: UnitOfWork, case_id: int, actor: str, on: dt.date) -> None:
    """issued → archived, once no objection is open."""
    from ipcredit.objections.models import Objection

    case = get_case(uow.s, case_id, lock=True)
    open_ids = list(uow.s.scalars(select(Objection.id).where(Objection.case_id == case.id, Objection.status == "open")))
    if open_ids:
        raise RuleViolation(f"案件尚有未办结的异议 {open_ids}，不能归档 (open objections)")
    transition(uow.s, case, "archived", actor, "结案归档", {"on": on.isoformat()})
    uow.commit()


def _redact_case(session, case_id: int, today: dt.date) -> None:
    for fv in session.scalars(select(FactsVersion).where(FactsVersion.case_id == case_id)):
        fv.document, fv.redacted_on = None, today
    for fact in session.scalars(select(CaseFact).where(CaseFact.case_id == case_id)):
        fact.value = None
    for iv in session.scalars(select(Interview).where(Interview.case_id == case_id)):
        iv.summary = "（已按 5 年期限删除 / redacted）"
    for sc in session.scalars(select(Scoring).where(Scoring.case_id == case_id)):
        sc.result = None


def _purge_evidence(session, root, rec: ArchiveRecord, today: dt.date) -> int:
    """Purge evidence files no longer needed by any archive still under retention."""
    purged = 0
    for item in rec.manifest.get("evidence", []):
        sha = item["sha256"]
        still_needed = session.scalar(
            select(func.count()).select_from(FactEvidence).join(CaseFact).join(ArchiveRecord, ArchiveRecord.case_id == CaseFact.case_id)
            .where(FactEvidence.sha256 == sha, ArchiveRecord.retention_until >= today))
        if still_needed:
            continue
        if evidence.purge(root, sha):
            purged += 1
        ev = session.get(EvidenceFile, sha)
        if ev is not None and ev.purged_on is None:
            ev.purged_on = today
    return purged


def retention_run(uow: UnitOfWork, today: dt.date, dry_run: bool = True) -> list[dict]:
    """List (and unless ``dry_run`` apply) what is due: redaction of credit information
    older than 5 years and purge of evidence past the retention date."""
    actions: list[dict] = []
    latest = select(ArchiveRecord).order_by(ArchiveRecord.case_id, ArchiveRecord.version.desc())
    seen: set[int] = set()
    for rec in uow.s.scalars(latest):
        if rec.case_id in seen:
            continue
        seen.add(rec.case_id)
        issued_on = dt.date.fromisoformat(rec.manifest["report"]["issued_on"])
        if rec.redacted_on is None and not domain.disclosure_allowed(issued_on, today):
            actions.append({"action": "redact", "case_id": rec.case_id, "report": rec.manifest["report"]["number"],
                            "why": f"出具于 {issued_on}，信用信息已满 5 年"})
            if not dry_run:
                _redact_case(uow.s, rec.case_id, today)
                rec.redacted_on = today
        if rec.purged_on is None and domain.purge_due(rec.retention_until, today):
            actions.append({"action": "purge", "case_id": rec.case_id, "report": rec.manifest["report"]["number"],
                            "why": f"保存期限至 {rec.retention_until}", "files": len(rec.manifest.get("evidence", []))})
            if not dry_run:
                _purge_evidence(uow.s, uow.data_dir / "evidence", rec, today)
                rec.purged_on = today
    if not dry_run:
        uow.commit()
    return actions


def archive_records(uow: UnitOfWork, case_id: int) -> list[dict]:
    rows = uow.s.scalars(select(ArchiveRecord).where(ArchiveRecord.case_id == case_id).order_by(ArchiveRecord.version))
    return [{"id": r.id, "version": r.version, "archived_on": r.archived_on.isoformat(),
             "retention_until": r.retention_until.isoformat(), "manifest_sha256": r.manifest_sha256,
             "redacted_on": r.redacted_on and r.redacted_on.isoformat(), "purged_on": r.purged_on and r.purged_on.isoformat()}
            for r in rows]
