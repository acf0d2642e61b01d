"""The batch results come ordered by credit code however the enterprises are listed, and the
same whether the record tables are files (their views are shared with the cursor that fetches
the patent-number hashes) or Arrow tables (registered on one connection: fetched there)."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipcredit.batch.duck import in_code_order
from ipcredit.batch.run import record_files, score_records
from ipcredit.facts.synth import generate, write

E = dt.date(2026, 3, 15)


def _shuffle(path, seed: int) -> None:
    table = pq.read_table(path)
    order = list(range(table.num_rows))
    random.Random(seed).shuffle(order)
    pq.write_table(table.take(pa.array(order)), path, row_group_size=max(1, table.num_rows // 3))


def _codes(outcome) -> list[str]:
    return outcome.results.column("credit_code").to_pylist()


def test_results_ordered_by_credit_code_from_a_shuffled_roster(tmp_path):
    write(generate(6000, 21), tmp_path)
    _shuffle(tmp_path / "enterprises.parquet", 1)
    outcome = score_records(record_files(tmp_path), E)
    codes = _codes(outcome)
    assert len(codes) > 5000
    assert codes == sorted(codes) and len(set(codes)) == len(codes)


def test_file_and_arrow_sources_give_the_same_results_and_problems(tmp_path):
    write(generate(400, 22), tmp_path)
    patents = pq.read_table(tmp_path / "patents.parquet")
    codes = pq.read_table(tmp_path / "enterprises.parquet").column("credit_code").to_pylist()
    # one patent number listed again under another enterprise: both are reported, unscored
    first = patents.slice(0, 1)
    other = next(c for c in codes if c != first.column("credit_code")[0].as_py())
    again = first.set_column(first.schema.get_field_index("credit_code"), "credit_code", pa.array([other]))
    pq.write_table(pa.concat_tables([patents, again]), tmp_path / "patents.parquet")
    files = record_files(tmp_path)
    from_files = score_records(files, E)
    from_arrow = score_records({name: pq.read_table(path) for name, path in files.items()}, E)
    assert from_files.results.to_pylist() == from_arrow.results.to_pylist()
    assert from_files.problems.to_pylist() == from_arrow.problems.to_pylist()
    flagged = {p["credit_code"] for p in from_files.problems.to_pylist()}
    assert {first.column("credit_code")[0].as_py(), other} <= flagged
    assert flagged.isdisjoint(_codes(from_files))


def test_rows_out_of_order_are_sorted_and_rows_in_order_kept_as_they_are():
    codes = ["91B", "91A", "91C", "90Z"]
    table = pa.Table.from_batches([pa.record_batch({"credit_code": codes[:2], "n": [0, 1]}),
                                   pa.record_batch({"credit_code": codes[2:], "n": [2, 3]})])
    fixed = in_code_order(table)
    assert fixed.column("credit_code").to_pylist() == sorted(codes)
    assert fixed.column("n").to_pylist() == [3, 1, 0, 2]
    assert in_code_order(fixed) is fixed
    one = table.slice(0, 1)
    assert in_code_order(one) is one and in_code_order(table.slice(0, 0)).num_rows == 0
    assert pc.all(pc.less(fixed.column("credit_code").slice(0, 3), fixed.column("credit_code").slice(1))).as_py()
