"""What must hold after every crash and restart. Each check takes a ``State`` and returns
the problems it found (empty when all is well); ``CHECKS`` lists them, so another check (the
audit chain, say) is one more entry."""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import select, text

from crash_driver import World


@dataclass
class State:
    engine: object
    data_dir: Path
    world: World
    backend: str
    env: dict[str, str]     # the server's environment (for CLI checks such as `ipcredit audit verify`)


def _rows(st: State, sql: str) -> list:
    with st.engine.connect() as conn:
        return list(conn.execute(text(sql)))


def database_opens_cleanly(st: State) -> list[str]:
    if st.backend != "sqlite":
        return [] if _rows(st, "SELECT 1") == [(1,)] else ["database does not answer"]
    problems = [f"integrity_check: {r[0]}" for r in _rows(st, "PRAGMA integrity_check") if r[0] != "ok"]
    return problems + [f"foreign_key_check: {tuple(r)}" for r in _rows(st, "PRAGMA foreign_key_check")]


def _objection_claims(st: State) -> set[str]:
    """The objections' claims, read as whole entities: ``objection.claim`` is encrypted at rest
    and values are opened when an entity loads (a bare column select returns the ciphertext)."""
    from sqlalchemy import select

    from ipcredit.db.engine import session_factory
    from ipcredit.objections.models import Objection

    with session_factory(st.engine)() as session:
        return {o.claim for o in session.scalars(select(Objection))}


def acknowledged_work_is_kept(st: State) -> list[str]:
    """Everything that got a success answer is in the database (and its file on disk)."""
    issued = {r[0] for r in _rows(st, "SELECT case_id FROM issued_report")}
    delivered = {r[0] for r in _rows(st, "SELECT case_id FROM issued_report WHERE delivered_on IS NOT NULL")}
    claims = _objection_claims(st)
    concluded = {r[0] for r in _rows(st, "SELECT id FROM objection WHERE status = 'concluded'")}
    links = {(r[0], r[1], r[2]) for r in _rows(st, "SELECT f.case_id, f.path, e.sha256 FROM fact_evidence e "
                                                   "JOIN case_fact f ON f.id = e.fact_id")}
    problems = []
    for a in st.world.acks:
        ok = {"issue": lambda: a.case_id in issued, "deliver": lambda: a.case_id in delivered,
              "objection": lambda: a.detail[0] in claims, "conclude": lambda: a.detail[0] in concluded,
              "evidence": lambda: (a.case_id, a.detail[0], a.detail[1]) in links}[a.kind]()
        if not ok:
            problems.append(f"acknowledged {a.kind} lost: {a}")
    return problems


def _evidence_problem(root: Path, sha: str, size: int | None) -> str | None:
    """Read through the evidence store (checksum; decryption where files are encrypted)."""
    from ipcredit.cases import evidence

    try:
        data = evidence.read(root, sha)
    except Exception as exc:  # noqa: BLE001 - any failure to read it back is the finding
        return f"evidence {sha[:12]} file is incomplete or wrong: {exc}"
    if size is not None and len(data) != size:
        return f"evidence {sha[:12]} file is incomplete or wrong ({len(data)} of {size} bytes)"
    return None


def evidence_files_are_whole(st: State) -> list[str]:
    """No evidence row without its complete file; no stray file under a content address."""
    root = st.data_dir / "evidence"
    problems = []
    rows = dict(_rows(st, "SELECT sha256, size FROM evidence_file WHERE purged_on IS NULL"))
    for sha, size in rows.items():
        if not (root / sha[:2] / sha).is_file():
            problems.append(f"evidence {sha[:12]} has a row but no file")
        elif (found := _evidence_problem(root, sha, size)) is not None:
            problems.append(found)
    for path in root.glob("*/*") if root.exists() else []:
        if len(path.name) == 64 and path.name not in rows and (found := _evidence_problem(root, path.name, None)):
            problems.append(f"unreferenced {found} (half-written)")
    return problems


def report_numbers_gap_free(st: State) -> list[str]:
    """Per agency and year: sequence 1..n, the counter at n, numbers unique and well formed."""
    seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    problems = []
    for agency, year, seq, number, code in _rows(st, "SELECT r.agency_id, r.year, r.seq, r.number, a.code "
                                                     "FROM issued_report r JOIN agency a ON a.id = r.agency_id"):
        seqs[(agency, year)].append(seq)
        if number != f"{code}-{year}-{seq:04d}":
            problems.append(f"report number {number} does not match its sequence {seq}")
    counters = {(a, y): last for a, y, last in _rows(st, "SELECT agency_id, year, last FROM report_counter")}
    for key, got in seqs.items():
        if sorted(got) != list(range(1, len(got) + 1)):
            problems.append(f"report numbers of {key} not gap-free/unique: {sorted(got)}")
        if counters.get(key) != len(got):
            problems.append(f"report counter of {key} is {counters.get(key)}, {len(got)} reports issued")
    return problems


def cases_consistent(st: State) -> list[str]:
    """Every case's state is the target of its last transition; an issued case has its report,
    its archive record and no half of a move; objections are open or fully concluded."""
    from ipcredit.cases.domain import STATES

    problems = []
    last = {cid: to for cid, to in _rows(st, "SELECT e.case_id, e.to_state FROM case_event e WHERE e.id = "
                                            "(SELECT max(id) FROM case_event x WHERE x.case_id = e.case_id "
                                            "AND x.action = 'transition')")}
    reports = defaultdict(int, {c: n for c, n in _rows(st, "SELECT case_id, count(*) FROM issued_report GROUP BY case_id")})
    archived = {r[0] for r in _rows(st, "SELECT DISTINCT case_id FROM archive_record")}
    for cid, state in _rows(st, "SELECT id, state FROM eval_case"):
        if state not in STATES:
            problems.append(f"case {cid} in unknown state {state}")
        if last.get(cid, "applied") != state:
            problems.append(f"case {cid} is {state} but its last transition went to {last.get(cid)}")
        has_report = state in ("issued", "archived", "revoked")
        if has_report != (reports[cid] == 1) or reports[cid] > 1:
            problems.append(f"case {cid} is {state} with {reports[cid]} issued reports")
        if has_report and cid not in archived:
            problems.append(f"case {cid} is {state} without its archive record")
    for oid, status, outcome, concluded_on in _rows(st, "SELECT id, status, outcome, concluded_on FROM objection"):
        if (status == "concluded") != (outcome is not None and concluded_on is not None):
            problems.append(f"objection {oid} is {status} with outcome {outcome} on {concluded_on}")
    return problems


def cli_ok(*args: str) -> Callable[[State], list[str]]:
    """A check that runs ``ipcredit ARGS`` on the crashed data and expects exit 0, e.g.
    ``cli_ok("audit", "verify")``."""
    from crash_seed import ipcredit_cmd

    def check(st: State) -> list[str]:
        r = subprocess.run([*ipcredit_cmd(), *args], env=st.env, capture_output=True, text=True, timeout=120)
        return [] if r.returncode == 0 else [f"ipcredit {' '.join(args)} exited {r.returncode}: {r.stderr[-500:]}"]

    check.__name__ = f"cli_{'_'.join(args)}"
    return check


CHECKS: list[Callable[[State], list[str]]] = [
    database_opens_cleanly,
    acknowledged_work_is_kept,
    evidence_files_are_whole,
    report_numbers_gap_free,
    cases_consistent,
    cli_ok("audit", "verify"),   # the hash-chained audit log survives every kill
]


def run_checks(st: State) -> list[str]:
    return [f"{check.__name__}: {p}" for check in CHECKS for p in check(st)]
