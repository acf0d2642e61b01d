"""Audit chain (issue 8, item 4): every change and every read of confidential data is
chained in the same transaction; verify names the first broken entry; audit rows (and the
case timeline) cannot be updated or deleted by the application."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ipcredit.agencies.schemas import PersonIn
from ipcredit.agencies.service import add_person
from ipcredit.audit.service import entries, verify_chain
from ipcredit.cases import collection


def raw(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_changes_and_confidential_reads_are_chained(flow, db):
    cid = flow.case("collecting")
    with db.uow() as uow:
        sha = collection.attach_evidence(uow, cid, "capacity.pledge_wan", b"%PDF-1.4 x", "p.pdf", "t")
        collection.facts_listing(uow, cid)
        collection.read_evidence(uow, sha, cid)
        got = entries(uow, case_id=cid, limit=10000)
        verdict = verify_chain(uow)
    actions = [(e["action"], e["object"].split("#")[0]) for e in got]
    assert ("create", "eval_case") in actions and ("create", "case_fact") in actions
    assert ("update", "eval_case") in actions and ("create", "fact_evidence") in actions
    assert ("read:facts", "eval_case") in actions and ("read:evidence", "evidence_file") in actions
    update = next(e for e in got if e["action"] == "update" and e["object"] == f"eval_case#{cid}")
    assert "state" in update["summary"]
    assert verdict.ok and verdict.count == raw(db, "SELECT COUNT(*) FROM audit_entry")[0][0] > 50


def test_a_rolled_back_change_leaves_no_entry(flow, db):
    flow.case("collecting")
    n = raw(db, "SELECT COUNT(*) FROM audit_entry")[0][0]
    from ipcredit.agencies.models import Person

    with db.uow() as uow:
        uow.s.add(Person(agency_id=flow.agency_id, name="未提交的人", kind="expert"))
        uow.s.flush()              # flushed, never committed
    assert raw(db, "SELECT COUNT(*) FROM audit_entry")[0][0] == n


def _disable_guards(db, conn) -> None:
    """What an attacker with DDL rights would do first (tests of verify, not of the triggers)."""
    if db.backend == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        conn.execute(text("DROP TRIGGER audit_entry_no_update"))
        conn.execute(text("DROP TRIGGER audit_entry_no_delete"))


def _tamper(db, *statements: str) -> None:
    with db.engine.begin() as conn:
        _disable_guards(db, conn)
        for sql in statements:
            conn.execute(text(sql))


def _verdict(db):
    with db.uow() as uow:
        return verify_chain(uow)


@pytest.mark.parametrize("kind", ["edited", "deleted", "reordered", "tail"])
def test_verify_names_the_first_broken_entry(flow, db, kind):
    flow.case("collecting")
    last = raw(db, "SELECT MAX(seq) FROM audit_entry")[0][0]
    statements = {
        "edited": ["UPDATE audit_entry SET summary = 'nothing happened' WHERE seq = 7"],
        "deleted": ["DELETE FROM audit_entry WHERE seq = 7"],
        "reordered": ["UPDATE audit_entry SET seq = -1 WHERE seq = 7", "UPDATE audit_entry SET seq = 7 WHERE seq = 8",
                      "UPDATE audit_entry SET seq = 8 WHERE seq = -1"],
        "tail": [f"DELETE FROM audit_entry WHERE seq > {last - 3}"],
    }[kind]
    assert _verdict(db).ok
    _tamper(db, *statements)
    verdict = _verdict(db)
    assert not verdict.ok
    expected = {"edited": (7, "edited"), "deleted": (8, "deleted"), "reordered": (7, "reordered"),
                "tail": (last - 2, "deleted")}[kind]
    assert (verdict.broken_seq, expected[1]) == (expected[0], expected[1]) and expected[1] in verdict.problem


@pytest.mark.parametrize("sql", [
    "UPDATE audit_entry SET summary = 'x' WHERE seq = 1",
    "DELETE FROM audit_entry WHERE seq = 1",
    "UPDATE case_event SET actor = 'someone else'",
    "UPDATE case_event SET to_state = 'issued'",
    "DELETE FROM case_event",
    "TRUNCATE audit_entry",
    "TRUNCATE case_event CASCADE",
])
def test_the_application_cannot_rewrite_the_audit_log_or_the_timeline(flow, db, sql):
    if sql.startswith("TRUNCATE") and db.backend != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    flow.case("collecting")
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(sql))
    assert _verdict(db).ok


def test_eight_concurrent_writers_make_one_valid_chain(flow, db):
    before = raw(db, "SELECT COUNT(*) FROM audit_entry")[0][0]
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(i: int) -> None:
        try:
            start.wait()
            for j in range(5):
                with db.uow() as uow:
                    add_person(uow, flow.agency_id, PersonIn(name=f"并发{i}-{j}", kind="expert"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    verdict = _verdict(db)
    assert verdict.ok and verdict.count == before + 40
    seqs = [r[0] for r in raw(db, "SELECT seq FROM audit_entry ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_bulk_statements_through_the_session_are_audited(flow, db):
    from sqlalchemy import update

    from ipcredit.agencies.models import Person

    with db.uow() as uow:
        uow.s.execute(update(Person).where(Person.agency_id == flow.agency_id).values(ip_training=True))
        uow.commit()
        got = entries(uow, limit=5)
    assert any(e["action"] == "update" and e["object"] == "person#*" for e in got)
