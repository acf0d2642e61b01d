"""Spark (local[2]) from raw record tables: the same results and problems as DuckDB, and the
results of derive + evaluate for every enterprise without a problem."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_batch_parity_records import assert_equal, single

from ipcredit.batch.run import record_files, score_records
from ipcredit.facts.synth import generate, write

pytestmark = pytest.mark.slow

E = dt.date(2026, 3, 15)


def _break_one_rd_year(folder) -> str:
    """Give one R&D row an implausible year: a problem found through the R&D aggregate."""
    table = pq.read_table(folder / "rd_yearly.parquet")
    years = table.column("year").to_pylist()
    years[0] = 1900
    table = table.set_column(table.schema.get_field_index("year"), "year", pa.array(years, pa.int32()))
    pq.write_table(table, folder / "rd_yearly.parquet")
    return table.column("credit_code")[0].as_py()


def test_spark_records_equal_duckdb_and_single_engine(tmp_path):
    write(generate(12, 5), tmp_path)
    expected = single(tmp_path, E, None, None)  # the single importer refuses the broken file below
    broken = _break_one_rd_year(tmp_path)
    spark = score_records(record_files(tmp_path), E, engine="spark", spark_master="local[2]")
    duck = score_records(record_files(tmp_path), E)
    assert spark.results.to_pylist() == duck.results.to_pylist()
    assert spark.problems.to_pylist() == duck.problems.to_pylist()
    assert [(p["credit_code"], p["source"], p["column_name"]) for p in duck.problems.to_pylist()] == \
        [(broken, "rd_yearly", "年度")]
    del expected[broken]
    assert_equal(spark, expected)


def test_spark_patent_key_is_the_single_engines():
    """`Dialect.patent_key` on Spark: the same keys as `ipcredit.facts.checks.patent_key` for
    numbers on its fast path and off it (blanks typed or pasted, prefixes, case, control
    characters that are not blanks)."""
    from ipcredit.batch.dialect import SPARK
    from ipcredit.batch.spark import session
    from ipcredit.facts.checks import patent_key

    numbers = ["201620122695.5", "201620122695.x", "CN201620122695.X", "zl 2016 2012 2695.5", "cn\t2016\n12.3",
               "2016\r\n12.3", "2016\u300012.3", "\u3000CN2016\xa012.3", "2016\u2003\u202f1", "2016\x0b12", "\x1c20",
               "ZLZL12", " ZL12", "中2016", "", "a1", "1a"]
    spark = session("local[2]")
    rows = spark.createDataFrame([(n,) for n in numbers], "n string").selectExpr(f"{SPARK.patent_key('n')} AS k").collect()
    assert [r["k"] for r in rows] == [patent_key(n) for n in numbers]


def test_spark_splits_numbers_and_owners_as_the_single_engine():
    """Lists of patent numbers and of owners split and stripped on Spark as the single engine
    reads them (line breaks, full-width and no-break spaces included)."""
    from ipcredit.batch.dialect import SPARK
    from ipcredit.batch.raw import OWNER_SEP, SEP
    from ipcredit.batch.spark import session
    from ipcredit.facts.convert import convert
    from ipcredit.facts.readers import owner_names
    from ipcredit.facts.tables import TABLES_BY_NAME

    cells = ["2016\n2017", "a\u3000b、 c", "x;\xa0y\r\nz", " ;\t", "1\x0b2\x1f3"]
    spark = session("local[2]")
    df = spark.createDataFrame([(c,) for c in cells], "c string")
    got = [[n for n in r["p"] if n] for r in df.selectExpr(f"{SPARK.regex_split('c', SEP)} AS p").collect()]
    column = TABLES_BY_NAME["transactions"].column("patent_numbers")
    assert got == [list(convert(column, c)[0] or ()) for c in cells]
    stripped = df.selectExpr(f"transform({SPARK.regex_split('c', OWNER_SEP)}, x -> {SPARK.strip('x')}) AS o").collect()
    assert [[n for n in r["o"] if n] for r in stripped] == [owner_names(c) for c in cells]
    codes = ["91330106MA2AB3CD4X ", "\u300091330106ma2ab3cd4x\xa0", "\t", "91330106MA2AB3CD4X", " 91330106MA2AB3CD4"]
    got = spark.createDataFrame([(c,) for c in codes], "c string").selectExpr(f"upper({SPARK.code_strip('c')}) AS k").collect()
    # an 18-byte value is taken as it is: with a blank around it, it is no valid code either way
    assert [r["k"] for r in got] == [c.upper() if len(c.encode()) == 18 else c.strip().upper() or None for c in codes]
