"""Benchmark of the agency workflow: one whole case through the services, and concurrent
issuing, on SQLite and (when reachable) PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_workflow.py [--cases 20] [--threads 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from wf_support import (  # noqa: E402
    Db, Flow, create_pg_schema, drop_pg_schema, new_pg_schema, pg_engine, pg_unavailable_reason,
)

from ipcredit.db.engine import make_engine  # noqa: E402
from ipcredit.db.migrate import upgrade  # noqa: E402
from ipcredit.issuance.service import issue_report  # noqa: E402


def bench(db: Db, cases: int, threads: int) -> dict[str, float]:
    flow = Flow(db)
    flow.setup_agency()
    t0 = time.perf_counter()
    per_case = []
    for _ in range(cases):
        t = time.perf_counter()
        flow.case("issued")
        per_case.append(time.perf_counter() - t)
    pending = [flow.case("in_review") for _ in range(cases)]

    def issue(cid: int) -> int:
        with db.uow() as uow:
            return issue_report(uow, cid, "bench", flow.on).seq

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        seqs = sorted(pool.map(issue, pending))
    issue_s = time.perf_counter() - t
    assert seqs == list(range(cases + 1, 2 * cases + 1)), "numbers not gap-free"
    return {"case_median_ms": statistics.median(per_case) * 1000, "case_p90_ms": sorted(per_case)[int(0.9 * cases) - 1] * 1000,
            "issues_per_s": cases / issue_s, "total_s": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        results["sqlite"] = bench(Db("sqlite", engine, Path(tmp)), args.cases, args.threads)
        engine.dispose()
        if pg_unavailable_reason() is None:
            schema = new_pg_schema()
            create_pg_schema(schema)
            engine = pg_engine(schema)
            try:
                upgrade(engine)
                results["postgresql"] = bench(Db("postgresql", engine, Path(tmp)), args.cases, args.threads)
            finally:
                engine.dispose()
                drop_pg_schema(schema)
    print(f"whole case (apply → issue: 26 service calls, each its own transaction), {args.cases} cases; "
          f"{args.cases} concurrent issues on {args.threads} threads")
    for name, r in results.items():
        print(f"  {name:<10} case median {r['case_median_ms']:7.1f} ms  p90 {r['case_p90_ms']:7.1f} ms  "
              f"issuing {r['issues_per_s']:6.1f}/s  (total {r['total_s']:.1f} s)")
    if len(results) == 2:
        ratio = results["postgresql"]["case_median_ms"] / results["sqlite"]["case_median_ms"]
        print(f"  PostgreSQL / SQLite per case: {ratio:.2f}×")


if __name__ == "__main__":
    main()
