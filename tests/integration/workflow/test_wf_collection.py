"""Facts with source, date, verification and evidence; interviews; reproducible scoring."""

import datetime as dt

import pytest

from ipcredit.cases import collection
from ipcredit.cases.domain import Signature
from ipcredit.cases.evidence import blob_path
from ipcredit.cases.models import Scoring
from ipcredit.domain_errors import RuleViolation
from ipcredit.errors import InputError
from ipcredit.standard.model import bundled_model

ON = dt.date(2026, 3, 2)
PDF = b"%PDF-1.4\n% evidence\n"


def test_drafting_needs_verified_facts_and_signed_interview(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        with pytest.raises(RuleViolation, match="尚未核实"):
            collection.draft_report(uow, cid, "t")
        for f in collection.facts_listing(uow, cid):
            collection.verify_fact(uow, cid, f["path"], "verified", "t", "核对")
        with pytest.raises(RuleViolation, match="访谈"):
            collection.draft_report(uow, cid, "t")
        with pytest.raises(RuleViolation, match="被访谈人签字"):
            collection.record_interview(uow, cid, ON, "现场", "甲", "乙", "摘要", [Signature("甲", "interviewer", ON)], "t")
        collection.record_interview(uow, cid, ON, "现场", "甲", "乙", "摘要",
                                    [Signature("甲", "interviewer", ON), Signature("乙", "interviewee", ON)], "t")
        sc = collection.draft_report(uow, cid, "t")
    model = bundled_model()
    assert (sc.model_id, sc.model_version, sc.model_hash) == (model.id, model.version, model.content_hash)
    assert sc.grade in {"AAA", "AA", "A"} and sc.result["total"] is not None


def test_changed_fact_must_be_verified_again_and_bad_values_refused(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        collection.verify_fact(uow, cid, "capacity.pledge_wan", "verified", "t", "登记证明")
        collection.set_fact(uow, cid, "capacity.pledge_wan", 2000, "质押登记系统", ON, "t")
        fact = next(f for f in collection.facts_listing(uow, cid) if f["path"] == "capacity.pledge_wan")
        assert (fact["value"], fact["verification"], fact["source"]) == (2000, "unverified", "质押登记系统")
        with pytest.raises(InputError):
            collection.set_fact(uow, cid, "capacity.pledge_wan", "很多", "x", ON, "t")
        with pytest.raises(RuleViolation, match="理由"):
            collection.verify_fact(uow, cid, "capacity.pledge_wan", "unverifiable", "t", None)


def test_unverifiable_fact_is_left_out_of_scoring(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        for f in collection.facts_listing(uow, cid):
            status = "unverifiable" if f["path"] == "capacity.pledge_wan" else "verified"
            collection.verify_fact(uow, cid, f["path"], status, "t", "核对")
        collection.record_interview(uow, cid, ON, "现场", "甲", "乙", "摘要",
                                    [Signature("甲", "interviewer", ON), Signature("乙", "interviewee", ON)], "t")
        sc = collection.draft_report(uow, cid, "t")
        from ipcredit.cases.models import FactsVersion

        doc = uow.s.get(FactsVersion, sc.facts_version_id).document
    assert "pledge_wan" not in doc["capacity"] and "valid_invention_patents" in doc["capacity"]


def test_evidence_is_content_addressed_and_checked_on_read(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        sha = collection.attach_evidence(uow, cid, "capacity.pledge_wan", PDF, "质押.pdf", "t")
        again = collection.attach_evidence(uow, cid, "basic.ipms_certified", PDF, "copy.pdf", "t")
        assert sha == again and collection.read_evidence(uow, sha) == PDF
        with pytest.raises(RuleViolation, match="不支持"):
            collection.attach_evidence(uow, cid, "capacity.pledge_wan", b"MZ\x90\x00", "x.exe", "t")
        blob_path(db.data_dir / "evidence", sha).write_bytes(b"%PDF-tampered")
        with pytest.raises(RuleViolation, match="校验和不符"):
            collection.read_evidence(uow, sha)


def test_scoring_is_reproducible(flow, db):
    cid = flow.case("drafting")
    with db.uow() as uow:
        sc = uow.s.query(Scoring).filter_by(case_id=cid).one()
        assert collection.reproduce_scoring(uow, sc.id)["reproducible"] is True
        sc.result = {**sc.result, "total": 1}
        uow.commit()
        assert collection.reproduce_scoring(uow, sc.id)["reproducible"] is False


def test_facts_change_only_while_collecting(flow, db):
    cid = flow.case("drafting")
    with db.uow() as uow, pytest.raises(RuleViolation, match="信息收集阶段"):
        collection.set_fact(uow, cid, "capacity.pledge_wan", 1, "x", ON, "t")


def test_second_import_adds_records_without_overwriting(flow, db):
    cid = flow.case("collecting")
    extra = {"schema": "ipcredit/facts-v1", "evaluation_date": ON.isoformat(),
             "enterprise": {"name": "x", "credit_code": None},
             "records": [{"kind": "provincial_award", "date": "2025-01-05", "title": "省专利奖"}]}
    with db.uow() as uow:
        from ipcredit.cases.repository import get_case

        case = get_case(uow.s, cid)
        extra["enterprise"] = {"name": case.enterprise.name, "credit_code": case.enterprise.credit_code}
        before = [f["path"] for f in collection.facts_listing(uow, cid) if f["path"].startswith("records.")]
        collection.import_facts(uow, cid, {**extra, "records": extra["records"] * 1}, "省知识产权局", ON, "t")
        collection.import_facts(uow, cid, {**extra, "records": [{"kind": "good_record_county", "date": "2025-02-01"}]}, "县", ON, "t")
        collection.import_facts(uow, cid, extra, "省知识产权局", ON, "t")  # same record again: no duplicate
        records = {f["path"]: f["value"] for f in collection.facts_listing(uow, cid) if f["path"].startswith("records.")}
    assert len(records) == len(before) + 2
    assert sorted(r["kind"] for r in records.values() if r["kind"] != "national_award") == ["good_record_county", "provincial_award"]


def test_scoring_reproducible_after_the_bundled_model_changed(flow, db, monkeypatch):
    from ipcredit.cases import collection as coll
    from ipcredit.cases.models import ModelSnapshot
    from ipcredit.standard.model import MODELS_DIR, build_model
    from ipcredit.yamlio import loads

    cid = flow.case("drafting")
    text = (MODELS_DIR / "t-cfie-002-2023" / "model.yaml").read_text(encoding="utf-8").replace("信用优秀", "信用优异", 1)
    newer = build_model(loads(text), "newer", text.encode("utf-8"))
    monkeypatch.setattr(coll, "bundled_model", lambda: newer)
    with db.uow() as uow:
        sc = uow.s.query(Scoring).filter_by(case_id=cid).one()
        assert sc.model_hash != newer.content_hash
        assert coll.reproduce_scoring(uow, sc.id)["reproducible"] is True  # rebuilt from the snapshot
        snap = uow.s.get(ModelSnapshot, sc.model_hash)
        snap.content = snap.content.replace("信用良好", "信用尚可", 1)
        uow.commit()
        with pytest.raises(RuleViolation, match="校验和不符"):
            coll.reproduce_scoring(uow, sc.id)
        uow.s.delete(snap)
        uow.commit()
        assert "未保存模型" in coll.reproduce_scoring(uow, sc.id)["why"]


def test_facts_derived_from_raw_records(flow, db, tmp_path):
    """Issue 3's derivation feeds a case: one entry per field, source naming the folder."""
    from ipcredit.facts.synth import generate, write

    tables = generate(1, seed=3, until=ON)
    write(tables, tmp_path / "records", csv=True)
    code = tables["enterprises"].column("credit_code")[0].as_py()
    name = tables["enterprises"].column("name")[0].as_py()
    cid = flow.case("applied", enterprise=(name, code))
    flow.on = ON
    with db.uow() as uow:
        from ipcredit.cases import service

        service.sign_contract(uow, cid, "HT", "t", ON)
        service.assign_member(uow, cid, flow.evaluators[0], "lead", "t", ON)
        service.start_preparing(uow, cid, "t", "方案")
        service.start_collecting(uow, cid, "t")
        count = collection.import_derived_facts(uow, cid, tmp_path / "records" / "csv", ON, ON, "t")
        facts = {f["path"]: f for f in collection.facts_listing(uow, cid)}
    assert count == len(facts) and facts["enterprise.credit_code"]["value"] == code
    assert facts["evaluation_date"]["value"] == ON.isoformat()
    assert {f["source"] for f in facts.values()} == {"原始记录推导 csv"}
    assert all(f["verification"] == "unverified" for f in facts.values())
