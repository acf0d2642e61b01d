"""The record generator: deterministic, valid on import, shaped like a province's data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow.compute as pc

from ipcredit.facts.derive import derive
from ipcredit.facts.readers import load_records
from ipcredit.facts.synth import generate, write
from ipcredit.facts.synth_core import patent_counts
from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.credit_code import is_valid_credit_code


def test_same_seed_same_tables_other_seed_differs():
    a, b, c = generate(300, 11), generate(300, 11), generate(300, 12)
    assert all(a[name].equals(b[name]) for name in a)
    assert not a["patents"].equals(c["patents"])


def test_distribution_is_heavy_tailed():
    counts = patent_counts(np.random.default_rng(3), 200_000)
    assert 0.5 < (counts == 0).mean() < 0.6
    assert 8 < counts.mean() < 12
    assert counts.max() >= 1000 and np.median(counts) == 0


def test_generated_rows_are_valid_and_unique():
    tables = generate(2000, 4)
    codes = tables["enterprises"].column("credit_code").to_pylist()
    assert all(is_valid_credit_code(c) for c in codes) and len(set(codes)) == len(codes)
    numbers = tables["patents"].column("patent_number")
    assert pc.count_distinct(numbers).as_py() == len(numbers)
    until = dt.date(2025, 12, 31)
    for name, column in (("patents", "grant_date"), ("records", "date"), ("transactions", "registration_date")):
        assert pc.max(tables[name].column(column)).as_py() <= until


def test_parquet_and_csv_import_alike_and_derive(tmp_path):
    tables = generate(150, 9)
    write(tables, tmp_path / "pq")
    write(tables, tmp_path / "both", csv=True)
    for path in (tmp_path / "both").glob("*.parquet"):
        path.unlink()
    from_parquet, from_csv = load_records(tmp_path / "pq"), load_records(tmp_path / "both")
    for name in from_parquet.tables:
        assert [r.values for r in from_parquet.rows(name)] == [r.values for r in from_csv.rows(name)], name
    grades = set()
    for code in from_parquet.enterprise_codes():
        doc = derive(from_parquet, code, dt.date(2026, 3, 15)).document
        grades.add(evaluate(parse_facts(doc)).grade.grade)
    assert "AA" in grades


def _cn_check(first12: str) -> str:
    total = sum(int(d) * w for d, w in zip(first12, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True)) % 11
    return "X" if total == 10 else str(total)


def test_patent_numbers_carry_the_cnipa_check_digit():
    numbers = generate(500, 2)["patents"].column("patent_number").to_pylist()
    assert all(len(n) == 14 and n[12] == "." and n[13] == _cn_check(n[:12]) for n in numbers)
    assert {n[4] for n in numbers} <= {"1", "2", "3"}
