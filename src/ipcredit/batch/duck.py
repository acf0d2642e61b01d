"""The DuckDB executor (default): embedded, nothing to start.

Input files are registered as views (``src_<table>``) with their row number ``line_no``
(the line in a CSV file, header = 1; the row + 1 in a Parquet file); headers given in
Chinese or by an alias (`ipcredit.facts.tables`) are renamed to the canonical column.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pyarrow as pa

from ipcredit.batch.dialect import DUCKDB
from ipcredit.batch.inputs import stage_details
from ipcredit.batch.query import MONEY_TYPE, Plan, money_items, problem_stages, score_sql
from ipcredit.batch.typed import BAD_CODES, _quote
from ipcredit.facts.tables import Table
from ipcredit.standard.model import Model


def codes_ok(codes: pa.Array) -> pa.Array:
    """GB 32100 check of many credit codes at once (numpy over the 18 bytes of each code).

    DuckDB calls it per vector of 2,048 codes, so the fixed cost per call counts as much as the
    arithmetic: the alphabet table is built once, codes laid out back to back (the usual case)
    are viewed as an n × 18 byte matrix without copying, and the result's validity is the
    input's own bitmap."""
    import numpy as np
    import pyarrow.compute as pc

    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    if codes.type != pa.string():
        codes = pc.cast(codes, pa.string())
    n = len(codes)
    offsets = np.frombuffer(codes.buffers()[1], dtype=np.int32)[codes.offset:codes.offset + n + 1]
    data = np.frombuffer(codes.buffers()[2], dtype=np.uint8) if codes.buffers()[2] is not None else np.zeros(0, np.uint8)
    ok = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(np.diff(offsets) == 18)
    if len(rows):
        if len(rows) == n and offsets[-1] - offsets[0] == 18 * n:
            chars = data[offsets[0]:offsets[-1]].reshape(n, 18)
        else:
            chars = data[offsets[:-1][rows, None] + np.arange(18)]
        table, weights = _code_tables()
        checked = np.empty(len(rows), dtype=bool)
        for start in range(0, len(rows), CODES_BLOCK):
            block = chars[start:start + CODES_BLOCK]
            values = np.take(table, block)  # rows × 18 int8, -1 (0xFF) for a byte outside the alphabet
            # no byte outside the alphabet: no high bit set in any byte (values are 0–30
            # otherwise), tested two bytes at a time
            alphabet = (np.bitwise_or.reduce(values.view(np.uint16), axis=1) & 0x8080) == 0
            total = values[:, :17].astype(np.int32) @ weights
            checked[start:start + CODES_BLOCK] = alphabet & (values[:, 17] == (31 - total % 31) % 31)
        ok[rows] = checked
    if codes.null_count == 0:
        return pa.array(ok)
    return pa.array(ok, mask=pc.is_null(codes).to_numpy(zero_copy_only=False))


# codes checked per block: the temporaries (take's 64-bit indices above all: 8 bytes per
# character) stay small and are reused, where for a million codes at once they were 0.2 GB of
# fresh memory — 0.1 s on a machine that charges for first touches
CODES_BLOCK = 1 << 14


@functools.cache
def _code_tables():
    """(byte → value in the GB 32100 alphabet or -1, the 17 weights)."""
    import numpy as np

    from ipcredit.standard.credit_code import ALPHABET, WEIGHTS

    table = np.full(256, -1, dtype=np.int8)
    table[np.frombuffer(ALPHABET.encode(), dtype=np.uint8)] = np.arange(len(ALPHABET))
    return table, np.array(WEIGHTS, dtype=np.int32)


def connect(memory_limit: str | None = None, threads: int | None = None):
    """A DuckDB connection; memory capped (default 1.5 GB, env ``IPCREDIT_DUCKDB_MEMORY``) so that
    large joins spill to disk instead of growing the process."""
    import os

    import duckdb

    memory_limit = memory_limit or os.environ.get("IPCREDIT_DUCKDB_MEMORY", "1500MB")
    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # the CLI shows its own status line
    return con


def close_in_background(con) -> None:
    """Close ``con`` on a thread of its own: DuckDB frees its temporary tables and buffers
    there (≈ 0.1 s after a million enterprises, the GIL released) while the caller goes on with
    the results, which Arrow owns. Not a daemon: the interpreter waits for it before exiting."""
    import logging
    import threading

    def close() -> None:
        try:
            con.close()
        except Exception as error:  # nothing depends on it any more: note it, do not raise
            logging.getLogger(__name__).warning("closing DuckDB failed: %s", error)

    threading.Thread(target=close, name="duckdb-close").start()


def _norm(header: str) -> str:
    return re.sub(r"\s+", "", str(header)).replace("（", "(").replace("）", ")").lower()


def _reader(path: Path) -> tuple[str, str]:
    p = _quote(str(path))
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({p}, file_row_number = true)", "file_row_number + 2"
    return (f"read_csv({p}, header = true, all_varchar = true, encoding = 'utf-8')",
            "row_number() OVER () + 1")


def register(con, view: str, source: Path | pa.Table, table: Table | None = None) -> dict[str, str]:
    """Create view ``view`` over a file or Arrow table; return its columns → DuckDB types."""
    if isinstance(source, pa.Table):
        name = f"arrow_{view}"
        con.register(name, source)
        frm, line = name, "row_number() OVER () + 1"
    else:
        frm, line = _reader(source)
    raw = con.execute(f"DESCRIBE SELECT * FROM {frm}").fetchall()
    names = {}
    if table is not None:
        by_name = {_norm(n): c.name for c in table.columns for n in c.names()}
        for col, _type, *_ in raw:
            canonical = by_name.get(_norm(col))
            if canonical and canonical not in names.values():
                names[col] = canonical
    else:
        names = {col: col for col, *_ in raw if col not in ("file_row_number", "line_no")}
    items = [f'"{src}" AS "{dst}"' for src, dst in names.items() if src not in ("file_row_number", "line_no")]
    has_line = any(col == "line_no" for col, *_ in raw)
    line_expr = "line_no" if has_line else line
    # a file's view is in the connection's in-memory database, seen by its cursors too (`run`
    # reads the patents on one while the enterprises are typed); an Arrow table is registered
    # on this connection alone, and so is its view
    scope = "TEMP VIEW" if isinstance(source, pa.Table) else "VIEW"
    con.execute(f"CREATE OR REPLACE {scope} {view} AS SELECT {', '.join(items + [f'{line_expr} AS line_no'])} FROM {frm}")
    csv = not isinstance(source, pa.Table) and source.suffix.lower() != ".parquet"
    types = {col: ("CSV" if csv else t) for col, t, *_ in raw}
    if not csv and not isinstance(source, pa.Table):
        types = profile(con, source, frm, types, names, table)
    return {dst: types[src] for src, dst in names.items() if src in types}


ENUM_VALUES_MAX = 200  # an enum column with more distinct values is left to the full CASE


def profile(con, path: Path, frm: str, types: dict[str, str], canonical: dict[str, str],
            table: Table | None) -> dict[str, str]:
    """The source types of a Parquet file as `typed.ColumnType`, with what the file's row-group
    statistics say (NULLs, empty strings) and, for enum columns, their distinct values (one
    scan of the enum columns, dictionary-encoded in practice: ≈ 0.03 s for 10M rows). A
    column without statistics is described as nothing known."""
    from ipcredit.batch.typed import ColumnType

    stats = {row[0]: row[1:] for row in con.execute(f"""
        SELECT path_in_schema,
               bool_and(stats_null_count IS NOT NULL AND stats_null_count = 0),
               bool_and(stats_null_count IS NOT NULL AND stats_null_count = row_group_num_rows),
               bool_and(stats_null_count = row_group_num_rows OR (stats_min_value IS NOT NULL AND stats_min_value <> ''))
        FROM parquet_metadata({_quote(str(path))}) GROUP BY path_in_schema""").fetchall()}
    enums = [src for src, dst in canonical.items() if table is not None and table.column(dst).type == "enum"
             and types.get(src, "").upper() == "VARCHAR" and not (stats.get(src) or (0, 0, 0))[1]]
    values: dict[str, frozenset[str] | None] = {}
    if enums:
        lists = con.execute("SELECT " + ", ".join(f'list(DISTINCT "{c}")' for c in enums) + f" FROM {frm}").fetchone()
        values = {c: frozenset(v for v in found or () if v is not None) if len(found or ()) <= ENUM_VALUES_MAX else None
                  for c, found in zip(enums, lists)}
    out: dict[str, str] = {}
    for col, kind in types.items():
        no_null, all_null, no_blank = (bool(x) for x in stats.get(col, (False, False, False)))
        out[col] = ColumnType(kind, no_null=no_null, all_null=all_null, no_blank=no_blank, values=values.get(col))
    return out


def bad_codes(con, selects: tuple[str, ...]) -> pa.ChunkedArray:
    """The codes of ``selects`` (`Plan.codes`) that fail the GB 32100 check
    (`typed.credit_code_ok`), checked all at once with `codes_ok`; `run` keeps them as
    ``bad_codes__``."""
    import pyarrow.compute as pc

    bad = [pa.array([], pa.string())]
    for sql in selects:
        codes = fetch_arrow(con, f"SELECT code FROM ({sql}) c WHERE code IS NOT NULL").column(0)
        if len(codes):
            codes = codes.combine_chunks()
            bad.append(pc.filter(codes, pc.invert(codes_ok(codes))).cast(pa.string()))
    return pa.chunked_array(bad, pa.string())


def repeated(con, name: str, values: str) -> None:
    """Table ``name`` (column ``h``): the values of column ``h`` of query ``values`` that occur
    more than once, each once (`Plan.repeated`). The values — 10 M patent-number hashes at 1M
    enterprises — are fetched as Arrow and sorted by numpy, each compared with the next:
    0.45 s of one core where DuckDB's window over the sorted values took 0.9 s of two."""
    _table_from_arrow(con, name, pa.table({"h": _seen_twice(fetch_arrow(con, values).column(0))}), "SELECT h")


def _seen_twice(column: pa.ChunkedArray) -> pa.Array:
    """The non-NULL values of ``column`` that occur more than once, each once. The chunks are
    copied once, into the array that is then sorted in place (numpy releases the GIL while it
    copies and sorts: `run` does this in a thread while DuckDB goes on)."""
    import numpy as np

    chunks = [c.drop_null() if c.null_count else c for c in column.chunks]
    dtype = pa.array([], column.type).to_numpy(zero_copy_only=False).dtype
    values = np.empty(sum(len(c) for c in chunks), dtype=dtype)
    at = 0
    for chunk in chunks:
        values[at:at + len(chunk)] = chunk.to_numpy(zero_copy_only=False)
        at += len(chunk)
    values.sort()
    return pa.array(np.unique(values[1:][values[1:] == values[:-1]]), type=column.type)


def _aside(con, pool, local: set[str], queries: tuple[str, ...], name: str, column: str, select: str, work):
    """A future of table ``name`` (``select`` over column ``column`` of the values
    ``work(connection)`` computes, running ``queries``), built in ``pool``: there, on a cursor
    of its own, when the queries read none of the views ``local`` to ``con`` (an Arrow table
    is registered on ``con`` alone; the input files' views are seen by every cursor:
    `register`); else here, on ``con``. The table is in the database, not the connection's
    temporary schema, so ``con`` sees what the cursor wrote — and never registers an Arrow
    table itself while the cursor is fetching: a scan of a registered Arrow table waited
    0.1 s for the other thread's fetch."""
    from concurrent.futures import Future

    def build(connection) -> None:
        _table_from_arrow(connection, name, pa.table({column: work(connection)}), select, shared=True)

    if any(re.search(rf"\b{v}\b", sql) for sql in queries for v in local):
        done: Future = Future()
        build(con)
        done.set_result(None)
        return done
    cursor = con.cursor()

    def on_cursor() -> None:
        try:
            build(cursor)
        finally:
            cursor.close()

    return pool.submit(on_cursor)


def _wait_for(pending: dict, sql: str | None) -> None:
    """Wait for the tables computed aside (`run`) that ``sql`` reads — all of them for None."""
    for name in [n for n in pending if sql is None or re.search(rf"\b{n}\b", sql)]:
        pending.pop(name).result()


def _table_from_arrow(con, name: str, table: pa.Table, select: str, shared: bool = False) -> None:
    """Table ``name`` as ``select`` (a SELECT list) over an Arrow table computed in Python: a
    temporary table, or with ``shared`` one every cursor of the database sees. A small table
    of one integer or text column (the usual repeated values and failing codes: none or a
    few) is written as SQL literals: scanning a registered Arrow table waits while another
    connection's query runs (0.1–0.17 s measured, `_aside`), literals do not."""
    create = f"CREATE OR REPLACE {'TABLE' if shared else 'TEMP TABLE'} {name} AS {select} FROM"
    sql_type = _LITERAL_TYPES.get(table.schema.types[0]) if table.num_columns == 1 else None
    if sql_type and table.num_rows <= LITERAL_ROWS_MAX:
        col = table.column_names[0]
        values = table.column(0).to_pylist()
        if not values:
            rows = f"(SELECT CAST(NULL AS {sql_type}) AS {col} WHERE FALSE)"
        else:
            literals = ", ".join(f"({_quote(v) if isinstance(v, str) else 'NULL' if v is None else int(v)})" for v in values)
            rows = f"(SELECT CAST({col} AS {sql_type}) AS {col} FROM (VALUES {literals}) v({col}))"
        con.execute(f"{create} {rows} t")
        return
    con.register(f"{name}_arrow", table)
    con.execute(f"{create} {name}_arrow")
    con.unregister(f"{name}_arrow")


LITERAL_ROWS_MAX = 2048  # more values: an Arrow table, registered
_LITERAL_TYPES = {pa.uint64(): "UBIGINT", pa.int64(): "BIGINT", pa.string(): "VARCHAR", pa.large_string(): "VARCHAR"}


def run(con, plan: Plan, model: Model, profile: str | None) -> tuple[pa.Table, pa.Table]:
    """(results, problems) as Arrow tables. What the plan needs computed in Python — the
    failing credit codes (`Plan.codes`) and the repeated values (`Plan.repeated`) — is
    fetched on a cursor of its own and computed in a second thread while the stages run: the
    first, the typed enterprises, often reads a file of one row group (one core), and the
    codes' check, the fetch and the sort of the patent-number hashes take the other. A
    statement that reads one of them waits for it. At 1M the typed enterprises start ≈ 0.7 s
    sooner than when the codes were checked and the hashes fetched here first."""
    from concurrent.futures import ThreadPoolExecutor

    local = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()}
    with ThreadPoolExecutor(max_workers=1) as pool:
        # in the order the stages need them: the repeated values (the listed codes' hashes are
        # read by the second stage), then the failing codes (read by the problem stages)
        pending = {}
        for name, values in plan.repeated:
            pending[name] = _aside(con, pool, local, (values,), name, "h", "SELECT h",
                                   lambda c, v=values: _seen_twice(fetch_arrow(c, v).column(0)))
        if plan.codes:
            pending[BAD_CODES] = _aside(con, pool, local, plan.codes, BAD_CODES, "code", "SELECT DISTINCT code",
                                        lambda c: bad_codes(c, plan.codes))

        def rows(query: str) -> list[tuple]:
            _wait_for(pending, query)
            return con.execute(query).fetchall()

        for name, sql in plan.stage_sql(rows):
            _wait_for(pending, sql)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
        _wait_for(pending, None)  # the problem stages read the failing codes
    details = []
    for i, (sql, group) in enumerate(problem_stages(plan, DUCKDB)):
        con.execute(f"CREATE OR REPLACE TEMP TABLE problem_stage_{i} AS {sql}")
        details.append(stage_details(f"problem_stage_{i}", group))
    con.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {' UNION ALL '.join(details)}")
    problems = fetch_arrow(con, "SELECT * FROM problems ORDER BY source, line_no, column_name")
    for name in [f"problem_stage_{i}" for i in range(len(details))]:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    # the scoring input is a CTE of the scoring statement: never written out as a table
    results = in_code_order(fetch_arrow(con, score_sql(plan, model, profile, DUCKDB, cents=True,
                                                        inline_input=True, sort_points=True)))
    for col, _ in money_items(model, profile, DUCKDB):
        i = results.schema.get_field_index(col)
        results = results.set_column(i, col, cents_to_decimal(results.column(i)))
    return results, problems


def in_code_order(results: pa.Table) -> pa.Table:
    """``results`` ordered by credit code. The scoring statement sorts the points and computes
    the scores over the sorted rows (`score_sql(..., sort_points=True)`); DuckDB keeps that
    order, but SQL does not promise it, so it is checked here (one comparison of neighbouring
    codes per row: ≈ 0.01 s at 1M) and the rows are sorted here should it ever be lost."""
    import pyarrow.compute as pc

    codes = results.column("credit_code")
    if len(codes) < 2 or pc.all(pc.less_equal(codes.slice(0, len(codes) - 1), codes.slice(1))).as_py():
        return results
    return results.take(pc.sort_indices(codes))


def fetch_arrow(con, sql: str) -> pa.Table:
    """The result of a query as an Arrow table, built by DuckDB's Arrow collector: the last
    pipeline (joins, projections, the scan of a sort) runs on every thread and writes Arrow
    batches directly. (``execute(…).fetch_arrow_table()`` converts a finished result on one
    thread: for the 1M-row scores ≈ 0.5 s more, measured in docs/performance.md.)"""
    return con.sql(sql).to_arrow_table()


def cents_to_decimal(cents: pa.ChunkedArray) -> pa.ChunkedArray:
    """BIGINT cents → the results' DECIMAL(12,2), exactly and without copying: Arrow's 64-bit
    decimal (``decimal64(12, 2)``) stores its unscaled value as an int64, which IS the number of
    cents, so each chunk's buffers are reused as they are. (A decimal128 copy meant 16 fresh
    bytes per value: ≈ 370 MB for the 23 money columns of 1M enterprises, ≈ 0.7 s on this
    machine, where first-touching memory is expensive.) Parquet stores it exactly like a
    decimal128(12, 2): the files do not change."""
    import pyarrow.compute as pc

    precision, scale = money_precision()
    out = []
    for chunk in cents.chunks:
        if chunk.type != pa.int64():
            raise TypeError(f"cents must be int64, not {chunk.type}")
        bounds = pc.min_max(chunk)
        lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
        if lo is not None and max(hi, -lo) >= 10 ** precision:
            raise OverflowError(f"{max(hi, -lo)} cents do not fit DECIMAL({precision},{scale})")
        validity, data = chunk.buffers()
        out.append(pa.Array.from_buffers(pa.decimal64(precision, scale), len(chunk), [validity, data], offset=chunk.offset))
    return pa.chunked_array(out, pa.decimal64(precision, scale))


def money_precision() -> tuple[int, int]:
    """(precision, scale) of the results' money columns (`query.MONEY_TYPE`)."""
    return tuple(int(x) for x in MONEY_TYPE[len("DECIMAL("):-1].split(","))  # type: ignore[return-value]
