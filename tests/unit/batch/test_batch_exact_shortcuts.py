"""The two shortcuts of the DuckDB executor that must not change a result: duplicate patent
numbers found through their hashes, and points fetched as integer cents."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

from ipcredit.batch.duck import cents_to_decimal
from ipcredit.batch.raw import _dup_pkeys

KEYS = "SELECT * FROM (VALUES (1, 'A1'), (2, 'B2'), (3, 'A1'), (4, 'C3'), (5, 'D44'), (6, 'D44'), (7, NULL)) t(line_no, pkey)"


@pytest.mark.parametrize("hash_fn", ["hash", "coarse"])
def test_duplicate_keys_are_exact_even_when_hashes_collide(hash_fn):
    con = duckdb.connect()
    # every key of the same length collides under "coarse": only the exact step tells them apart
    con.execute("CREATE MACRO coarse(x) AS length(x)")
    got = sorted(r[0] for r in con.execute(_dup_pkeys(KEYS, hash_fn)).fetchall())
    assert got == ["A1", "D44"]


def test_cents_become_the_same_decimal_digits():
    chunks = [pa.array([0, 1, -1, 12345, -99_999, None, 99_999_999_999], pa.int64()),
              pa.array([5, None, 7], pa.int64()).slice(1),   # an offset with a null
              pa.array([3, -250], pa.int64()).slice(1)]
    got = cents_to_decimal(pa.chunked_array(chunks))
    assert got.type == pa.decimal128(12, 2)
    want = [None if v is None else Decimal(v).scaleb(-2) for c in chunks for v in c.to_pylist()]
    assert got.to_pylist() == want
    assert [str(v) for v in got.to_pylist() if v is not None][:4] == ["0.00", "0.01", "-0.01", "123.45"]


def test_cents_too_large_for_the_results_type_are_refused():
    with pytest.raises(OverflowError):
        cents_to_decimal(pa.chunked_array([pa.array([10 ** 12], pa.int64())]))
