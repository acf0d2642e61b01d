"""Benchmark of the facts slice: generator speed, one-enterprise import, derivation throughput.

    .venv/bin/python scripts/bench-facts.py [--enterprises 1000000] [--out /tmp/ipcredit-bench-records]

Prints figures; asserts nothing (house rule: speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipcredit.facts.derive import derive
from ipcredit.facts.readers import load_records
from ipcredit.facts.synth import generate, write
from ipcredit.standard import evaluate, parse_facts

E = dt.date(2026, 3, 15)


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    print(f"{label:52} {time.perf_counter() - start:8.2f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ipcredit-bench-records")
    args = parser.parse_args()
    tables = timed(f"generate {args.enterprises:,} enterprises", lambda: generate(args.enterprises, args.seed))
    rows = sum(t.num_rows for t in tables.values())
    print(f"{'  rows in all tables':52} {rows:>11,}  (patents {tables['patents'].num_rows:,})")
    timed("write Parquet", lambda: write(tables, args.out))
    counts = pc.value_counts(pq.read_table(args.out / "patents.parquet", columns=["credit_code"]).column(0))
    largest = max(counts.to_pylist(), key=lambda x: x["counts"])
    code = largest["values"]
    one = timed(f"load one enterprise ({largest['counts']:,} patents)", lambda: load_records(args.out, code))
    timed("derive + evaluate it", lambda: evaluate(parse_facts(derive(one, code, E).document)))
    small = generate(2000, args.seed)
    folder = args.out.with_name(args.out.name + "-2000")
    write(small, folder)
    records = timed("load and validate 2,000 enterprises (all rows)", lambda: load_records(folder))
    codes = records.enterprise_codes()

    def all_enterprises():
        for c in codes:
            evaluate(parse_facts(derive(records, c, E).document))

    seconds = time.perf_counter()
    all_enterprises()
    seconds = time.perf_counter() - seconds
    print(f"{'derive + evaluate 2,000 enterprises one by one':52} {seconds:8.2f} s  ({len(codes) / seconds:,.0f}/s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory':52} {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
