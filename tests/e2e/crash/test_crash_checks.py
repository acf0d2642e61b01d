"""The crash checks find what they are meant to find (each is shown a database broken in its
own way) — so a green crash test means something."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from sqlalchemy import text

from crash_checks import (State, acknowledged_work_is_kept, cases_consistent, cli_ok, evidence_files_are_whole,
                          report_numbers_gap_free, run_checks)
from crash_driver import Ack, World
from crash_seed import Seeded


def _state(tmp_path):
    from ipcredit.cases.collection import attach_evidence
    from ipcredit.db.engine import make_engine
    from ipcredit.db.migrate import upgrade
    from wf_support import Db, Flow

    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
    db = Db("sqlite", engine, tmp_path)
    flow = Flow(db, on=dt.date(2026, 3, 2))
    flow.setup_agency()
    issued = [flow.case("issued"), flow.case("issued")]
    collecting = flow.case("collecting")
    data = b"%PDF-1.4 evidence"
    with db.uow() as uow:
        sha = attach_evidence(uow, collecting, "basic.ip_department", data, "e.pdf", "t")
    world = World(Seeded(), {}, [], acks=[Ack("issue", issued[0]), Ack("evidence", collecting,
                                                                        ("basic.ip_department", sha, len(data)))])
    env = {**os.environ, "IPCREDIT_DATA_DIR": str(tmp_path), "IPCREDIT_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    return State(engine, tmp_path, world, "sqlite", env), issued, sha


def _sql(st: State, sql: str) -> None:
    with st.engine.begin() as conn:
        conn.execute(text(sql))


def test_an_intact_database_passes_every_check(tmp_path):
    st, _, _ = _state(tmp_path)
    assert run_checks(st) == []


def test_each_kind_of_damage_is_found(tmp_path):
    st, issued, sha = _state(tmp_path)
    (tmp_path / "evidence" / sha[:2] / sha).write_bytes(b"%PDF-1.4 evid")      # truncated file
    assert any("incomplete" in p for p in evidence_files_are_whole(st))
    (tmp_path / "evidence" / sha[:2] / sha).unlink()
    assert any("no file" in p for p in evidence_files_are_whole(st))
    st.world.acks.append(Ack("evidence", issued[0], ("basic.ip_department", hashlib.sha256(b"x").hexdigest(), 1)))
    assert any("acknowledged evidence lost" in p for p in acknowledged_work_is_kept(st))
    _sql(st, f"UPDATE issued_report SET seq = 3, number = 'ZX-2026-0003' WHERE case_id = {issued[1]}")
    assert any("gap-free" in p for p in report_numbers_gap_free(st))
    _sql(st, f"DELETE FROM archive_record WHERE case_id = {issued[0]}")
    _sql(st, f"DELETE FROM issued_report WHERE case_id = {issued[0]}")
    assert any("acknowledged issue lost" in p for p in acknowledged_work_is_kept(st))
    assert any(f"case {issued[0]} is issued with 0 issued reports" in p for p in cases_consistent(st))
    _sql(st, f"UPDATE eval_case SET state = 'drafting' WHERE id = {issued[1]}")
    assert any("last transition went to issued" in p for p in cases_consistent(st))


def test_an_edited_audit_chain_is_found(tmp_path):
    st, _, _ = _state(tmp_path)
    audit_verify = cli_ok("audit", "verify")
    assert audit_verify(st) == []
    _sql(st, "DROP TRIGGER audit_entry_no_update")          # what only an attacker with DDL rights can do
    _sql(st, "UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    problems = audit_verify(st)
    assert problems and "exited 1" in problems[0]
