"""Raw record tables: batch derivation + scoring in SQL equals derive + evaluate, per enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.batch.run import record_files, score_records
from ipcredit.facts.derive import derive
from ipcredit.facts.readers import load_records
from ipcredit.facts.synth import generate, write
from ipcredit.standard.engine import evaluate
from ipcredit.standard.facts import parse_facts


def single(folder: Path, e: dt.date, b: dt.date | None, profile: str | None) -> dict[str, object]:
    records = load_records(folder)
    return {code: evaluate(parse_facts(derive(records, code, e, b).document), profile=profile)
            for code in records.enterprise_codes()}


def assert_equal(outcome, expected) -> None:
    rows = {r["credit_code"]: r for r in outcome.results.to_pylist()}
    assert sorted(rows) == sorted(expected)
    for code, ev in expected.items():
        row = rows[code]
        got = [row[i.id] for i in ev.indicators] + [row[d.id] for d in ev.dimensions] + [row["total"], row["grade"]]
        want = [i.points for i in ev.indicators] + [d.score for d in ev.dimensions] + [ev.total, ev.grade.grade]
        assert got == want, code


@pytest.mark.parametrize(("seed", "e", "b", "profile"), [
    (1, dt.date(2026, 3, 15), None, None),
    (2, dt.date(2024, 2, 29), None, "weights"),
    (3, dt.date(2025, 6, 30), dt.date(2025, 6, 30), None),
    (4, dt.date(2028, 2, 29), dt.date(2024, 2, 29), None),
])
def test_records_parquet_batch_equals_derive_and_evaluate(tmp_path, seed, e, b, profile):
    write(generate(150, seed, until=min(e, b or e)), tmp_path)
    outcome = score_records(record_files(tmp_path), e, b, profile=profile)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, b, profile))


def test_records_csv_with_chinese_headers_equal_parquet(tmp_path):
    e = dt.date(2026, 3, 15)
    write(generate(80, 11), tmp_path / "both", csv=True)
    from_csv = score_records(record_files(tmp_path / "both" / "csv"), e)
    from_parquet = score_records(record_files(tmp_path / "both"), e)
    assert from_csv.problems.num_rows == 0, from_csv.problems.to_pylist()[:5]
    assert from_csv.results.to_pylist() == from_parquet.results.to_pylist()
    assert_equal(from_csv, single(tmp_path / "both" / "csv", e, None, None))


def test_other_rights_listed_twice_count_once(tmp_path):
    """Other rights held are distinct (kind, number) per enterprise: every right of the first
    enterprises listed again (half of them under the code in lower case) changes nothing, in
    batch (counted through hashes, then counted again exactly) as in derive."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(60, 7), tmp_path)
    path = tmp_path / "other_rights.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    codes = sorted({r["credit_code"] for r in rows})[:12]
    again = [dict(r) for r in rows if r["credit_code"] in codes]
    for r in again[::2]:
        r["credit_code"] = r["credit_code"].lower()
    pq.write_table(pa.Table.from_pylist(rows + again, schema=table.schema), path)
    outcome = score_records(record_files(tmp_path), e)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, None, None))


def test_codes_written_in_lower_case_count_for_their_enterprise(tmp_path):
    """Patent and other-right rows name their enterprise in lower case (every second row of
    every second enterprise; three of those patents pledged for 1,500 wan, which makes them
    high value): batch groups the rows by the code as written and then by the code
    upper-cased, and must count them as derive does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    e = dt.date(2026, 3, 15)
    write(generate(120, 5), tmp_path)
    codes = sorted(pq.read_table(tmp_path / "enterprises.parquet").column("credit_code").to_pylist())[::2]
    lowered = []
    for name in ("patents", "other_rights"):
        path = tmp_path / f"{name}.parquet"
        table = pq.read_table(path)
        rows = table.to_pylist()
        for i, r in enumerate(rows):
            if r["credit_code"] in codes and i % 2:
                r["credit_code"] = r["credit_code"].lower()
                lowered.append(r)
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    # pledges of 1,500 wan that make lowered inventions in force high value
    plain = [r for r in lowered if "patent_type" in r and r["patent_type"] == "invention" and r["legal_status"] == "valid"
             and r["grant_date"] and r["grant_date"] <= dt.date(2025, 12, 31) and r["application_date"] >= dt.date(2016, 1, 1)
             and not (r["strategic_emerging"] or r["overseas_family"] or r["award"])]
    assert len(plain) >= 3
    path = tmp_path / "transactions.parquet"
    table = pq.read_table(path)
    pledges = [{"credit_code": r["credit_code"].upper(), "kind": "pledge", "number": None, "patent_numbers": r["patent_number"],
                "registration_date": dt.date(2025, 6, 1), "amount_wan": Decimal("1500")} for r in plain[:3]]
    pq.write_table(pa.Table.from_pylist(table.to_pylist() + pledges, schema=table.schema), path)
    outcome = score_records(record_files(tmp_path), e)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()[:5]
    assert_equal(outcome, single(tmp_path, e, None, None))
