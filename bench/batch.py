"""Benchmark of batch scoring (not a test: prints figures, asserts nothing).

    .venv/bin/python bench/batch.py --enterprises 100000 1000000 [--runs 3] [--data /tmp/ipcredit-bench]

For each N it generates N enterprises with the synthetic generator (``ipcredit synth
records``, seed 1, ≈ 10 patent rows per enterprise; cached in --data) and measures, each in a
fresh subprocess (peak memory = that process's ``ru_maxrss``):

  (a) the batch pipeline on DuckDB (``score_records``: checks every row, derives, scores);
  (b) a hand-tuned DuckDB query over the same files: the aggregation written directly, without
      row checks, owner matching or patent-number normalisation; the indicator/dimension/grade
      expressions are the compiled ones (they are plain CASE/integer arithmetic already);
  (c) the single-evaluation engine enterprise by enterprise (derive + evaluate), timed on a
      sample of --sample enterprises from a generated set of that size and *extrapolated* to N
      (reading rows is not counted: favourable to (c)).

(a) and (b) run alternately, --runs times each, so that drift in a shared machine's load falls
on both. Prints wall time (median of --runs), rows/s, peak memory, process CPU time (user + system,
imports included) and the ratios a/b and c/a — and a/b by CPU time, which a loaded machine
disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

E = dt.date(2026, 3, 15)
B = dt.date(2025, 12, 31)


def ensure_data(root: Path, n: int) -> Path:
    from ipcredit.facts.synth import generate, write

    folder = root / f"n{n}"
    if not (folder / "enterprises.parquet").exists():
        write(generate(n, 1), folder)
    return folder


def measure_a(folder: Path) -> int:
    from ipcredit.batch.run import record_files, score_records

    return score_records(record_files(folder), E).results.num_rows


HAND = """
WITH pledge_numbers AS (
  SELECT unnest(string_split(patent_numbers, ';')) AS n FROM read_parquet('{f}/transactions.parquet')
  WHERE kind = 'pledge' AND registration_date <= DATE '2025-12-31' AND amount_wan >= 1000
),
pat AS (
  SELECT credit_code,
    SUM(CASE WHEN patent_type = 'invention' AND inforce THEN 1 ELSE 0 END) AS c1,
    SUM(CASE WHEN patent_type <> 'invention' AND inforce THEN 1 ELSE 0 END) AS c2p,
    SUM(CASE WHEN patent_type = 'invention' AND inforce AND (strategic_emerging OR overseas_family OR award
        OR application_date < DATE '2015-12-31' OR pct_date <= DATE '2025-12-31'
        OR (family_countries IS NOT NULL AND replace(replace(family_countries, 'CN', ''), ';', '') <> '')
        OR patent_number IN (SELECT n FROM pledge_numbers)) THEN 1 ELSE 0 END) AS c6
  FROM (SELECT *, grant_date <= DATE '2025-12-31' AND COALESCE(COALESCE(lapse_date, CASE WHEN legal_status = 'lapsed'
               THEN status_date END) > DATE '2025-12-31', TRUE) AS inforce FROM read_parquet('{f}/patents.parquet')) p
  GROUP BY credit_code
),
oth AS (SELECT credit_code, COUNT(*) AS n FROM read_parquet('{f}/other_rights.parquet')
        WHERE registration_date <= DATE '2025-12-31' AND COALESCE(expiry_date >= DATE '2025-12-31', TRUE) GROUP BY credit_code),
ff AS (SELECT credit_code, COUNT(*) AS n FROM read_parquet('{f}/foreign_filings.parquet')
       WHERE filing_date <= DATE '2025-12-31' GROUP BY credit_code),
tx AS (SELECT credit_code,
         SUM(CASE WHEN kind IN ('transfer', 'license') THEN COALESCE(amount_wan, 0) ELSE 0 END) AS tl,
         SUM(CASE WHEN kind = 'pledge' THEN COALESCE(amount_wan, 0) ELSE 0 END) AS pl,
         SUM(CASE WHEN kind IN ('open_license', 'pool') THEN len(string_split(patent_numbers, ';')) ELSE 0 END) AS op,
         SUM(CASE WHEN kind = 'standard' THEN len(string_split(patent_numbers, ';')) ELSE 0 END) AS st
       FROM read_parquet('{f}/transactions.parquet')
       WHERE registration_date > DATE '2022-12-31' AND registration_date <= DATE '2025-12-31' GROUP BY credit_code),
dis AS (SELECT credit_code, SUM(amount_wan) AS g FROM read_parquet('{f}/disputes.parquet')
        WHERE decision_date > DATE '2022-12-31' AND decision_date <= DATE '2025-12-31' GROUP BY credit_code),
cer AS (SELECT credit_code, bool_or(kind LIKE 'gbt29490%') AS ipms, bool_or(kind = 'iso56005') AS iso,
               bool_or(kind IN ('ip_advantage', 'ip_demo')) AS adv
        FROM read_parquet('{f}/certifications.parquet')
        WHERE issue_date <= DATE '2025-12-31' AND COALESCE(expiry_date >= DATE '2025-12-31', TRUE)
          AND kind <> 'gbt29490_2013' GROUP BY credit_code),
rd AS (SELECT credit_code,
         CAST(SUM(rd_staff_ratio) * 1000000000 AS BIGINT) AS ss, COUNT(rd_staff_ratio) AS sn,
         CAST(SUM(rd_expense_ratio) * 1000000000 AS BIGINT) AS es, COUNT(rd_expense_ratio) AS en,
         MAX(CASE WHEN year = 2025 THEN revenue_wan END) AS rev
       FROM read_parquet('{f}/rd_yearly.parquet') WHERE year BETWEEN 2023 AND 2025 GROUP BY credit_code),
inp AS (
  SELECT e.credit_code, e.name, DATE '2026-03-15' AS e_date, DATE '2025-12-31' AS b_date, rd.rev AS annual_revenue_wan,
    e.ip_department, COALESCE(e.ip_specialists, 0) AS ip_specialists, e.ip_lawyer,
    COALESCE(rd.ss, 0) AS rd_staff_ratio__sum, COALESCE(rd.sn, 0) AS rd_staff_ratio__n,
    COALESCE(rd.es, 0) AS rd_expense_ratio__sum, COALESCE(rd.en, 0) AS rd_expense_ratio__n,
    e.strategy_formulated AS ip_strategy_formulated, e.strategy_culture AS ip_strategy_culture,
    e.strategy_system AS ip_strategy_system, e.strategy_integrated AS ip_strategy_integrated,
    COALESCE(cer.ipms, FALSE) AS ipms_certified, COALESCE(cer.iso, FALSE) AS iso56005_certified,
    COALESCE(cer.adv, FALSE) AS ip_advantage_or_demo, e.early_warning, e.rights_protection, e.ip_association,
    COALESCE(pat.c1, 0) AS valid_invention_patents, COALESCE(pat.c2p, 0) + COALESCE(oth.n, 0) AS other_ip,
    COALESCE(ff.n, 0) AS foreign_applications, COALESCE(tx.tl, 0) AS transfer_license_wan, COALESCE(tx.pl, 0) AS pledge_wan,
    COALESCE(tx.op, 0) AS open_license_or_pool_patents, COALESCE(tx.st, 0) AS standard_patents,
    COALESCE(pat.c6, 0) AS high_value_patents, COALESCE(dis.g, 0) AS dispute_gain_wan,
    e.trade_secret_full_process, e.trade_secret_internal, e.trade_secret_external
  FROM read_parquet('{f}/enterprises.parquet') e
  LEFT JOIN pat USING (credit_code) LEFT JOIN oth USING (credit_code) LEFT JOIN ff USING (credit_code)
  LEFT JOIN tx USING (credit_code) LEFT JOIN dis USING (credit_code) LEFT JOIN cer USING (credit_code)
  LEFT JOIN rd USING (credit_code)
),
rec AS (SELECT r.*, DATE '2026-03-15' AS e_date FROM read_parquet('{f}/records.parquet') r WHERE date <= DATE '2026-03-15'),
beh AS (SELECT credit_code AS beh_code, {aggs} FROM rec r GROUP BY credit_code),
ind AS (SELECT inp.*, {inds}, {braw} AS raw_behavior FROM inp LEFT JOIN beh ON inp.credit_code = beh.beh_code),
dim AS (SELECT ind.*, {dims} FROM ind)
SELECT credit_code, {total} AS total_c FROM dim
"""


def measure_b(folder: Path) -> int:
    """The hand-tuned reference query (see module doc)."""
    from ipcredit.batch import duck
    from ipcredit.batch.compile import compile_model
    from ipcredit.batch.dialect import DUCKDB
    from ipcredit.standard.model import bundled_model

    c = compile_model(bundled_model(), None, DUCKDB)
    sql = HAND.format(
        f=str(folder), aggs=", ".join(f"{e} AS {a}" for a, e in c.behaviour_aggregates),
        inds=", ".join(f"{e} AS p_{i}" for i, e in c.indicators), braw=c.behaviour_raw,
        dims=", ".join(f"{e} AS s_{i}" for i, e in c.dimensions), total=c.total)
    con = duck.connect()
    return len(con.execute(sql).fetch_arrow_table())


def measure_c(folder: Path, n: int) -> tuple[int, float]:
    """Seconds per enterprise of derive + evaluate over a generated sample (rows already loaded)."""
    from ipcredit.facts.derive import derive
    from ipcredit.facts.readers import load_records
    from ipcredit.standard import evaluate, parse_facts

    records = load_records(folder)
    codes = records.enterprise_codes()
    start = time.perf_counter()
    for code in codes:
        evaluate(parse_facts(derive(records, code, E).document))
    return len(codes), (time.perf_counter() - start) / len(codes)


def child(what: str, folder: str, n: int) -> None:
    start = time.perf_counter()
    if what == "c":
        rows, per = measure_c(Path(folder), n)
        seconds = per * n
    else:
        rows = (measure_a if what == "a" else measure_b)(Path(folder))
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # whole process, imports included; not extrapolated for (c)
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": usage.ru_maxrss / 1024, "cpu": cpu}))


def run_child(what: str, folder: Path, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", what, str(folder), str(n)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(root: Path, n: int, runs: int, sample: int) -> None:
    folder = ensure_data(root, n)
    sample_folder = ensure_data(root, sample)
    # (a) and (b) alternate, run by run, so that a change in the machine's load (shared
    # machines drift over minutes) falls on both alike; (c) runs once, on its sample
    trials: dict[str, list[dict]] = {"a": [], "b": [], "c": [run_child("c", sample_folder, n)]}
    for _ in range(runs):
        for what in ("a", "b"):
            trials[what].append(run_child(what, folder, n))
    results = {}
    for what, ts in trials.items():
        results[what] = {"seconds": statistics.median(t["seconds"] for t in ts),
                         "cpu": statistics.median(t["cpu"] for t in ts),
                         "peak_mb": max(t["peak_mb"] for t in ts), "rows": ts[0]["rows"]}
    names = {"a": "(a) batch, DuckDB", "b": "(b) hand-tuned DuckDB query", "c": f"(c) single engine (sample {sample}, extrapolated)"}
    print(f"\nN = {n:,} enterprises ({folder}); load average {os.getloadavg()[0]:.1f}")
    for what, r in results.items():
        rate = n / r["seconds"] if r["seconds"] else float("inf")
        cpu = f"CPU {r['cpu']:6.2f} s" if what != "c" else "CPU (sample)"
        print(f"  {names[what]:<46} {r['seconds']:9.2f} s  {rate:12,.0f} enterprises/s  peak {r['peak_mb']:7.0f} MB  {cpu}")
    a, b, c = (results[k]["seconds"] for k in "abc")
    print(f"  a/b = {a / b:.2f}    c/a = {c / a:.1f}    a/b by CPU time = {results['a']['cpu'] / results['b']['cpu']:.2f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/ipcredit-bench"))
    args = parser.parse_args()
    for n in args.enterprises:
        bench(args.data, n, args.runs, args.sample)


if __name__ == "__main__":
    main()
