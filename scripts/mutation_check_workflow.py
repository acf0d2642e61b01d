"""Remove (mutate) each rule of SPEC §3 in turn and check that the workflow tests fail.

Each mutation is applied to the source file, the unit and SQLite integration tests run with
``-x``, and the file is restored (also on Ctrl-C). Prints KILLED (a test caught it) or
SURVIVED per rule. Takes ~10 minutes; do not edit the sources while it runs.

    .venv/bin/python scripts/mutation_check_workflow.py
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
R = ROOT / "src" / "ipcredit"
M = [
 ("agencies/domain.py", "MIN_QUALIFIED_EVALUATORS = 7", "MIN_QUALIFIED_EVALUATORS = 6"),
 ("agencies/domain.py", "LEAD_MIN_YEARS = 2", "LEAD_MIN_YEARS = 1"),
 ("agencies/domain.py", "DISCIPLINE_YEARS = 3", "DISCIPLINE_YEARS = 2"),
 ("agencies/domain.py", "if not p.ip_training:", "if False:"),
 ("agencies/domain.py", 'if not (a.filing_no or "").strip():', "if False:"),
 ("agencies/domain.py", "return credit_code in declared_codes", "return False"),
 ("reviews/domain.py", "MIN_PANEL = 5", "MIN_PANEL = 3"),
 ("reviews/domain.py", "if n % 2 == 0:", "if False:"),
 ("reviews/domain.py", "return choice if count * 2 > panel_size else None", "return choice if count * 2 > len(votes) else None"),
 ("reviews/domain.py", "if decided != draft and", "if False and"),
 ("reviews/domain.py", 'if roles["expert"] < 1:', "if False:"),
 ("reviews/domain.py", "if s.conflicted:", "if False:"),
 ("reviews/service.py", "if member.confidentiality_signed_on is None:", "if False:"),
 ("objections/domain.py", "INFO_WINDOW_YEARS = 1", "INFO_WINDOW_YEARS = 2"),
 ("objections/domain.py", "RESULT_WINDOW_DAYS = 15", "RESULT_WINDOW_DAYS = 16"),
 ("objections/domain.py", "if reevaluations >= 1:", "if reevaluations >= 2:"),
 ("objections/domain.py", "INFO_DUE_WORKING_DAYS = 7", "INFO_DUE_WORKING_DAYS = 6"),
 ("cases/domain.py", "return later - dt.timedelta(days=1)", "return later"),
 ("cases/domain.py", "BAN_YEARS = 3", "BAN_YEARS = 2"),
 ("cases/domain.py", 'if "interviewee" not in roles:', "if False:"),
 ("cases/domain.py", "if pending:", "if False:"),
 ("cases/domain.py", '"issued": ("archived", "revoked", "cancelled"),', '"issued": ("archived", "revoked", "cancelled", "drafting"),'),
 ("calendar/domain.py", "unknown.add(day.year)", "pass"),
 ("calendar/domain.py", "if day in table.work:", "if False:"),
 ("archive/domain.py", "RETENTION_YEARS = 7", "RETENTION_YEARS = 6"),
 ("archive/domain.py", "DISCLOSURE_YEARS = 5", "DISCLOSURE_YEARS = 6"),
 ("supervision/domain.py", 'if record.get("category") in DISHONEST_CATEGORIES:', "if False:"),
 ("supervision/domain.py", "return sorted(random.Random(seed).sample(", "return sorted(random.Random().sample("),
 ("cases/collection.py", 'if case.state != "collecting":', "if False:"),
 ("cases/evidence.py", "if hashlib.sha256(data).hexdigest() != sha256:", "if False:"),
 ("cases/evidence.py", "if len(data) > MAX_BYTES:", "if False:"),
 ("cases/service.py", "domain.check_not_banned(bans_for(uow.s, ent.id), on, ent.name)", "pass"),
 ("issuance/service.py", "if agency.qualification_revoked_on is not None:", "if False:"),
 ("objections/service.py", "    changed = 0\n", "    return 0\n    changed = 0\n"),
 ("issuance/service.py", "    report.file_sha256 = None\n", ""),

 ("reviews/domain.py", 'if roles["reviewer"] < 1:', "if False:"),
 ("reviews/domain.py", 'if roles["lead"] != 1:', "if False:"),
 ("cases/domain.py", 'if "interviewer" not in roles:', "if False:"),
 ("agencies/domain.py", "if not p.credit_qualification:", "if False:"),
 ("agencies/domain.py", "if a.qualification_revoked_on is not None:", "if False:"),
 ("issuance/service.py", 'if case.kind == "recheck":', "if False:"),
 ("cases/service.py", "if agency_rules.interest_blocks(person_interests(", "if False and (person_interests("),
]
out = []
for path, a, b in M:
    f = R / path; src = f.read_text()
    assert a in src, (path, a)
    f.write_text(src.replace(a, b, 1))
    try:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                            "tests/unit/workflow", "tests/integration/workflow", "-k", "not postgresql"],
                           capture_output=True, text=True, cwd=ROOT)
        killed = r.returncode != 0
    finally:
        f.write_text(src)
    out.append(f"{'KILLED ' if killed else 'SURVIVED'} {path}: {a[:60]!r}")
    print(out[-1], flush=True)
survived = sum(1 for line in out if line.startswith("SURVIVED"))
print(f"{len(out) - survived} killed, {survived} survived")
sys.exit(1 if survived else 0)
