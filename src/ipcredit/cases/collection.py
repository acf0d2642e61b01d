"""Use cases of collection (§5.3 a, b) and scoring: facts with source, collection date,
evidence and verification status; site-visit interviews; frozen facts versions scored by
``ipcredit.standard.evaluate`` with the model's id, version and hash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ipcredit.cases import domain, evidence
from ipcredit.cases.facts_document import assemble, canonical_json, document_hash, flatten, jsonable
from ipcredit.cases.model_snapshots import model_from_snapshot, remember_model
from ipcredit.cases.models import Case, CaseFact, EvidenceFile, FactEvidence, FactsVersion, Interview, Scoring
from ipcredit.cases.repository import facts_of, get_case, get_fact, get_scoring, record_event, transition
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation
from ipcredit.standard import engine
from ipcredit.standard.facts import parse_facts
from ipcredit.standard.model import bundled_model


def _require_collecting(case: Case) -> None:
    if case.state != "collecting":
        raise RuleViolation(f"案件处于 {case.state}，只有信息收集阶段可以修改事实 (facts change only while collecting)")


def _check_document(case: Case, entries: dict[str, Any]) -> None:
    """The facts as a whole must parse; the enterprise must be the case's."""
    facts = parse_facts(assemble(entries), f"案件 {case.id}")
    if facts.enterprise.credit_code != case.enterprise.credit_code:
        raise RuleViolation(
            f"事实中的统一社会信用代码 {facts.enterprise.credit_code} 与案件企业 {case.enterprise.credit_code} 不符")


def put_fact(session, case: Case, path: str, value: Any, source: str, collected_on: dt.date) -> CaseFact:
    """Insert or change one fact; a changed value must be verified again."""
    fact = session.scalars(select(CaseFact).where(CaseFact.case_id == case.id, CaseFact.path == path)).first()
    if fact is None:
        fact = CaseFact(case_id=case.id, path=path, value=value, source=source, collected_on=collected_on)
        session.add(fact)
    elif fact.value != value or fact.source != source:
        fact.value, fact.source, fact.collected_on = value, source, collected_on
        fact.verification, fact.verification_note = "unverified", None
    return fact


def _keep_existing_records(existing: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Records without an id are keyed by position (``records.r1`` …) in their file; a later
    import must not overwrite earlier ones: a record already collected keeps its key, a new
    one gets the next free ``r<n>``."""
    known = {canonical_json(v): k for k, v in existing.items() if k.startswith("records.")}
    used = set(existing)
    out: dict[str, Any] = {}
    for path, value in new.items():
        if not (path.startswith("records.r") and path[9:].isdigit() and not (isinstance(value, dict) and value.get("id"))):
            out[path] = value
            continue
        key = known.get(canonical_json(value))
        if key is None:
            n = 1
            while f"records.r{n}" in used:
                n += 1
            key = f"records.r{n}"
        used.add(key)
        out[key] = value
    return out


def import_facts(uow: UnitOfWork, case_id: int, raw: dict, source: str, collected_on: dt.date, actor: str) -> int:
    """Collect every fact of a facts-v1 mapping (one entry per leaf / record)."""
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    if not source.strip():
        raise RuleViolation("须写明信息来源 (source required)")
    if not isinstance(raw, dict):
        raise RuleViolation("事实文件应为一个映射（facts-v1）(a facts file must be a mapping)")
    entries = {f.path: f.value for f in facts_of(uow.s, case.id)}
    new = _keep_existing_records(entries, flatten(raw))
    entries.update(new)
    _check_document(case, entries)
    for path, value in new.items():
        put_fact(uow.s, case, path, value, source, collected_on)
    record_event(uow.s, case, actor, "facts_imported", source, {"count": len(new), "collected_on": collected_on.isoformat()})
    uow.commit()
    return len(new)


def import_derived_facts(uow: UnitOfWork, case_id: int, records: Path, evaluation_date: dt.date,
                         collected_on: dt.date, actor: str) -> int:
    """Collect the facts derived from the enterprise's raw IP records (``ipcredit.facts``):
    each fact's source names the records folder; they still need verifying."""
    from ipcredit.facts.service import derive_for

    case = get_case(uow.s, case_id)
    derivation, _ = derive_for(records, case.enterprise.credit_code, evaluation_date.isoformat(), None)
    return import_facts(uow, case_id, derivation.document, f"原始记录推导 {records.name}", collected_on, actor)


def set_fact(uow: UnitOfWork, case_id: int, path: str, value: Any, source: str,
             collected_on: dt.date, actor: str) -> None:
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    value = jsonable(value)
    entries = {f.path: f.value for f in facts_of(uow.s, case.id)}
    entries[path] = value
    _check_document(case, entries)
    put_fact(uow.s, case, path, value, source, collected_on)
    record_event(uow.s, case, actor, "fact_set", source, {"path": path, "value": value})
    uow.commit()


def _mark(session, case: Case, fact: CaseFact, status: str, actor: str, note: str | None) -> None:
    if status not in ("verified", "unverifiable"):
        raise RuleViolation(f"核实状态应为 verified 或 unverifiable，得到 {status!r}")
    if status == "unverifiable":
        domain.require_reason(note, "无法核实")
    if not fact.evidence and status == "verified" and not (note or "").strip():
        raise RuleViolation(f"{fact.path}: 没有证据文件时须写明核实方式 (no evidence: say how it was verified)")
    fact.verification, fact.verification_note = status, note
    record_event(session, case, actor, "fact_verified", note, {"path": fact.path, "status": status})


def verify_fact(uow: UnitOfWork, case_id: int, path: str, status: str, actor: str, note: str | None = None) -> None:
    """Mark a fact verified (核实) or unverifiable (无法核实, reasons required; excluded from scoring)."""
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    _mark(uow.s, case, get_fact(uow.s, case.id, path), status, actor, note)
    uow.commit()


def verify_pending_facts(uow: UnitOfWork, case_id: int, actor: str, note: str) -> int:
    """Mark every still-unverified fact verified in one go, with how it was verified."""
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    pending = [f for f in facts_of(uow.s, case.id) if f.verification == "unverified"]
    for fact in pending:
        _mark(uow.s, case, fact, "verified", actor, note)
    uow.commit()
    return len(pending)


def attach_evidence(uow: UnitOfWork, case_id: int, path: str, data: bytes, filename: str, actor: str) -> str:
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    fact = get_fact(uow.s, case.id, path)
    digest, size, media = evidence.store(uow.data_dir / "evidence", data, filename)
    if uow.s.get(EvidenceFile, digest) is None:
        uow.s.add(EvidenceFile(sha256=digest, size=size, media_type=media))
        uow.s.flush()
    uow.s.add(FactEvidence(fact_id=fact.id, sha256=digest, filename=filename))
    record_event(uow.s, case, actor, "evidence_attached", None, {"path": path, "sha256": digest, "file": filename})
    uow.commit()
    return digest


def read_evidence(uow: UnitOfWork, sha256: str, case_id: int | None = None) -> bytes:
    """An evidence file's bytes; the read is audited (confidential data)."""
    from ipcredit.audit.service import record_read

    data = evidence.read(uow.data_dir / "evidence", sha256)
    record_read(uow, "evidence", "evidence_file", sha256, f"下载证据文件 {sha256[:12]}… (evidence download)", case_id)
    return data


def record_interview(uow: UnitOfWork, case_id: int, held_on: dt.date, place: str, interviewer: str,
                     interviewees: str, summary: str, signatures: list[domain.Signature], actor: str) -> int:
    case = get_case(uow.s, case_id, lock=True)
    _require_collecting(case)
    problems = domain.interview_problems(interviewer, interviewees, summary, signatures)
    if problems:
        raise RuleViolation("访谈记录不完整：" + "；".join(problems), "§5.3")
    row = Interview(case_id=case.id, held_on=held_on, place=place, interviewer=interviewer,
                    interviewees=interviewees, summary=summary,
                    signatures=[{"name": s.name, "role": s.role, "signed_on": s.signed_on.isoformat()} for s in signatures])
    uow.s.add(row)
    uow.s.flush()
    record_event(uow.s, case, actor, "interview_recorded", None, {"interview_id": row.id, "held_on": held_on.isoformat()})
    uow.commit()
    return row.id


def snapshot_facts(session, case: Case, reason: str) -> FactsVersion:
    """Freeze the case's usable facts (unverifiable ones left out) as a new facts version."""
    entries = {f.path: f.value for f in facts_of(session, case.id) if f.verification != "unverifiable"}
    doc = assemble(entries)
    case.facts_version += 1
    fv = FactsVersion(case_id=case.id, version=case.facts_version, document=doc, sha256=document_hash(doc), reason=reason)
    session.add(fv)
    session.flush()
    return fv


def score_case(session, case: Case, purpose: str, actor: str) -> Scoring:
    """Score a fresh facts version with the bundled model and store the result."""
    fv = snapshot_facts(session, case, purpose)
    model = bundled_model()
    remember_model(session, model)
    result = engine.evaluate(parse_facts(fv.document, f"案件 {case.id} 事实版本 {fv.version}"), model)
    sc = Scoring(case_id=case.id, facts_version_id=fv.id, facts_sha256=fv.sha256, purpose=purpose,
                 model_id=model.id, model_version=model.version, model_hash=model.content_hash,
                 profile=result.profile, total=result.total, grade=result.grade.grade, result=result.to_json())
    session.add(sc)
    session.flush()
    record_event(session, case, actor, "scored", purpose,
                 {"scoring_id": sc.id, "facts_version": fv.version, "total": str(sc.total), "grade": sc.grade})
    return sc


def draft_report(uow: UnitOfWork, case_id: int, actor: str) -> Scoring:
    """Collection complete → score the facts and move to drafting (报告起草)."""
    case = get_case(uow.s, case_id, lock=True)
    statuses = [f.verification for f in facts_of(uow.s, case.id)]
    signed = uow.s.scalar(select(func.count()).select_from(Interview).where(Interview.case_id == case.id)) or 0
    problems = domain.drafting_problems(statuses, signed)
    if problems:
        raise RuleViolation("信息收集未完成：" + "；".join(problems), "§5.3")
    transition(uow.s, case, "drafting", actor, "信息收集完成，起草报告")
    sc = score_case(uow.s, case, "draft", actor)
    uow.commit()
    return sc


def reproduce_scoring(uow: UnitOfWork, scoring_id: int) -> dict:
    """Re-run a stored scoring from its facts version and compare (model hash must match)."""
    sc = get_scoring(uow.s, scoring_id)
    fv = uow.s.get(FactsVersion, sc.facts_version_id)
    if fv.document is None:
        return {"scoring_id": sc.id, "reproducible": False, "why": "事实版本已按 5 年期限删除 (facts redacted)"}
    model = bundled_model()
    if model.content_hash != sc.model_hash:
        model = model_from_snapshot(uow.s, sc.model_hash)
        if model is None:
            return {"scoring_id": sc.id, "reproducible": False, "why": f"未保存模型 {sc.model_hash} (model not stored)"}
    if document_hash(fv.document) != sc.facts_sha256:
        return {"scoring_id": sc.id, "reproducible": False, "why": "事实版本校验和不符 (facts checksum mismatch)"}
    again = engine.evaluate(parse_facts(fv.document), model, sc.profile).to_json()
    return {"scoring_id": sc.id, "reproducible": again == sc.result, "total": str(sc.total), "grade": sc.grade,
            "recomputed_total": str(again.get("total")), "why": "" if again == sc.result else "结果不一致 (result differs)"}


def facts_listing(uow: UnitOfWork, case_id: int) -> list[dict]:
    """The case's facts with source, evidence and status; the read is audited."""
    from ipcredit.audit.service import record_read

    get_case(uow.s, case_id)
    record_read(uow, "facts", "eval_case", case_id, "查看案件事实 (case facts viewed)", case_id)
    return [{"path": f.path, "value": f.value, "source": f.source, "collected_on": f.collected_on.isoformat(),
             "verification": f.verification, "note": f.verification_note,
             "evidence": [{"sha256": e.sha256, "file": e.filename} for e in f.evidence]}
            for f in facts_of(uow.s, case_id)]
