"""The shortcuts of the DuckDB executor that must not change a result: duplicate patent
numbers found through their hashes, points fetched as integer cents, the credit-code check
on a matrix of bytes."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.batch.dialect import DUCKDB, SPARK
from ipcredit.batch import duck
from ipcredit.batch.duck import cents_to_decimal, codes_ok, repeated
from ipcredit.batch.raw import _dup_pkeys, _pkey_hashes
from ipcredit.standard.credit_code import ALPHABET, check_character, is_valid_credit_code

valid_codes = st.text(alphabet=ALPHABET, min_size=17, max_size=17).map(lambda s: s + check_character(s))
any_codes = st.text(alphabet=ALPHABET + "IOa中", min_size=17, max_size=19)

KEYS = "SELECT * FROM (VALUES (1, 'A1'), (2, 'B2'), (3, 'A1'), (4, 'C3'), (5, 'D44'), (6, 'D44'), (7, NULL)) t(line_no, pkey)"


@pytest.mark.parametrize("executor", ["sorted", "grouped"])
@pytest.mark.parametrize("hash_fn", ["hash", "coarse"])
def test_duplicate_keys_are_exact_even_when_hashes_collide(hash_fn, executor):
    """Both ways of finding repeated hashes (DuckDB's executor sorts them in numpy, Spark's
    groups them; the grouped SQL runs on DuckDB too). Under "coarse" A1, B2, A1 and C3 share
    one hash four times: B2 and C3 must not be reported for it."""
    con = duckdb.connect()
    # every key of the same length collides under "coarse": only the exact step tells them apart
    con.execute("CREATE MACRO coarse(x) AS length(x)")
    hashes = _pkey_hashes(KEYS, hash_fn)
    if executor == "sorted":
        repeated(con, "candidates", hashes)
    else:
        con.execute(f"CREATE TABLE candidates AS {SPARK.repeated(hashes, 'h')}")
    got = sorted(r[0] for r in con.execute(_dup_pkeys(KEYS, "candidates", hash_fn)).fetchall())
    assert got == ["A1", "D44"]


def test_no_repeated_hash_is_an_empty_table():
    con = duckdb.connect()
    repeated(con, "candidates", "SELECT * FROM (VALUES (1), (2), (NULL), (NULL)) t(h)")
    assert con.execute("SELECT COUNT(*) FROM candidates").fetchone()[0] == 0


def test_cents_become_the_same_decimal_digits():
    chunks = [pa.array([0, 1, -1, 12345, -99_999, None, 99_999_999_999], pa.int64()),
              pa.array([5, None, 7], pa.int64()).slice(1),   # an offset with a null
              pa.array([3, -250], pa.int64()).slice(1)]
    got = cents_to_decimal(pa.chunked_array(chunks))
    assert got.type == pa.decimal64(12, 2)
    want = [None if v is None else Decimal(v).scaleb(-2) for c in chunks for v in c.to_pylist()]
    assert got.to_pylist() == want
    assert [str(v) for v in got.to_pylist() if v is not None][:4] == ["0.00", "0.01", "-0.01", "123.45"]


def test_cents_too_large_for_the_results_type_are_refused():
    with pytest.raises(OverflowError):
        cents_to_decimal(pa.chunked_array([pa.array([10 ** 12], pa.int64())]))


@settings(max_examples=100, derandomize=True)
@given(st.lists(st.one_of(valid_codes, any_codes), min_size=1, max_size=30), st.integers(0, 5), st.booleans())
def test_code_check_fast_path_and_slices_agree_with_the_standard(values, start, all_valid):
    """Codes all of 18 bytes back to back take the matrix path; a slice starts mid-buffer."""
    if all_valid:
        values = [v if len(v.encode()) == 18 else "91510107YYY1GQFE4U" for v in values]
    array = pa.array(["X"] * start + values, pa.string()).slice(start)
    assert codes_ok(array).to_pylist() == [is_valid_credit_code(v) for v in values]


@settings(max_examples=50, derandomize=True)
@given(st.lists(st.one_of(valid_codes, any_codes, st.none()), min_size=1, max_size=40), st.integers(1, 7))
def test_code_check_block_by_block_agrees_with_the_standard(values, block):
    """Codes are checked CODES_BLOCK at a time: with blocks of a few codes, a bad code in any
    block, a short last block and NULLs between them give the same answers."""
    saved, duck.CODES_BLOCK = duck.CODES_BLOCK, block
    try:
        got = codes_ok(pa.array(values, pa.string())).to_pylist()
    finally:
        duck.CODES_BLOCK = saved
    assert got == [None if v is None else is_valid_credit_code(v) for v in values]


RIGHTS = ("SELECT * FROM (VALUES ('A', 'tm', '1', TRUE), ('A', 'tm', '2', TRUE), ('A', 'tm', '1', TRUE), "
          "('B', 'tm', '1', TRUE), ('B', 'sw', '1', TRUE), ('B', 'tm', '9', FALSE), ('C', 'tm', '12', TRUE), "
          "('C', 'tm', '34', TRUE), ('D', 'tm', '5', FALSE), (NULL, 'tm', '7', TRUE)) t(credit_code, kind, number, held)")
HELD = ("held", "concat(kind, ':', number)")


@pytest.mark.parametrize("listed_max", [1000, 1, 0], ids=["named", "one-named", "joined"])
@pytest.mark.parametrize("hash_fn", ["hash", "length"])
def test_rights_held_are_counted_exactly_even_when_hashes_collide(hash_fn, listed_max, monkeypatch):
    """Other rights held = distinct (kind, number) per enterprise, counted through their hashes
    and counted again exactly where the hashes are fewer than the rows. Under "length" every key
    of the same length collides (A's tm:1 and tm:2, C's tm:12 and tm:34): only the recount tells
    them apart. A names a right twice; B's sw:1 and tm:1 are different rights; D holds none."""
    from ipcredit.batch import raw

    monkeypatch.setattr(raw, "RECOUNT_LISTED_MAX", listed_max)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE rights_h AS SELECT credit_code, 0 AS bad__, {raw._held_items(DUCKDB, HELD, hash_fn)} "
                f"FROM ({RIGHTS}) r GROUP BY credit_code")
    sql = raw._held_exact(HELD, RIGHTS)(lambda query: con.execute(query).fetchall())
    got = dict(con.execute(f"SELECT credit_code, held FROM ({sql}) x WHERE credit_code IS NOT NULL").fetchall())
    assert got == {"A": 2, "B": 2, "C": 2, "D": 0}


def test_rights_recount_names_codes_as_quoted_literals():
    """A credit code read from a file goes into the recount query as a literal: a quote in it
    must not end the literal."""
    from ipcredit.batch import raw

    rows = "SELECT * FROM (VALUES ('O''Brien', 'tm', '1', TRUE), ('O''Brien', 'tm', '1', TRUE)) t(credit_code, kind, number, held)"
    con = duckdb.connect()
    con.execute(f"CREATE TABLE rights_h AS SELECT credit_code, 0 AS bad__, {raw._held_items(DUCKDB, HELD)} "
                f"FROM ({rows}) r GROUP BY credit_code")
    sql = raw._held_exact(HELD, rows)(lambda query: con.execute(query).fetchall())
    assert "'O''Brien'" in sql
    assert con.execute(f"SELECT credit_code, held FROM ({sql}) x").fetchall() == [("O'Brien", 1)]


@settings(max_examples=150, derandomize=True)
@given(st.lists(st.one_of(st.none(), st.integers(1975, 2105), st.sampled_from([1980, 2043, 2044, 2100])), max_size=12))
def test_distinct_plausible_years_through_bit_masks(years):
    """Distinct R&D years as bits of two masks: every plausible year (1980–2100, the edges of
    both masks included) counts once; NULLs and implausible years (bad rows anyway) not at all."""
    from ipcredit.batch.raw import _distinct_years

    con = duckdb.connect()
    rows = ", ".join(f"({'NULL' if y is None else y})" for y in years) or "(NULL)"
    got = con.execute(f"SELECT {_distinct_years(DUCKDB)} FROM (VALUES {rows}) t(year)").fetchone()[0]
    assert got == len({y for y in years if y is not None and 1980 <= y <= 2100})


@pytest.mark.parametrize("values", [[], [3, 1, 3, None, 2**64 - 1], ["O'Neil", "", None, "统一"]])
def test_small_tables_written_as_literals_equal_the_arrow_path(values, monkeypatch):
    """`duck._table_from_arrow` writes a few values as SQL literals (a registered Arrow table
    waits for another connection's query): the same table either way, quotes and NULLs too."""
    kind = pa.string() if any(isinstance(v, str) for v in values) else pa.uint64()
    table = pa.table({"v": pa.array(values, kind)})
    con = duckdb.connect()
    duck._table_from_arrow(con, "by_literals", table, "SELECT DISTINCT v")
    monkeypatch.setattr(duck, "LITERAL_ROWS_MAX", -1)
    duck._table_from_arrow(con, "by_arrow", table, "SELECT DISTINCT v", shared=True)
    rows = [con.execute(f"SELECT v FROM {t} ORDER BY v NULLS LAST").fetchall() for t in ("by_literals", "by_arrow")]
    assert rows[0] == rows[1] == sorted(((v,) for v in set(values) if v is not None), key=lambda r: r[0]) + \
        ([(None,)] if None in values else [])
    assert con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'by_literals'").fetchone()[0] == \
        con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'by_arrow'").fetchone()[0]
