"""Batch scoring use cases: a facts table, or the raw record tables, → results and problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from ipcredit.batch.dialect import DUCKDB, SPARK
from ipcredit.batch.inputs import facts_relation, records_relation
from ipcredit.batch.query import Plan
from ipcredit.batch.typed import code_values
from ipcredit.errors import InputError, Problem
from ipcredit.standard.model import Model, bundled_model

Source = Path | pa.Table


@dataclass(frozen=True)
class Outcome:
    results: pa.Table    # one row per scored enterprise
    problems: pa.Table   # credit_code, source, line_no, column_name, message
    model: Model
    profile: str


def _custom(model: Model) -> tuple[str, ...]:
    fields = [f for _, ind in model.indicators() for f in ind.rule.fields()]
    return tuple(dict.fromkeys(f.removeprefix("custom.") for f in fields if f.startswith("custom.")))


def finish(results: pa.Table, problems: pa.Table, model: Model, profile: str | None) -> Outcome:
    """Add grade label and the model's id, version, hash and profile to every row, as
    dictionary-encoded strings (`labelled`); the rows come ordered by credit code."""
    import pyarrow.compute as pc

    name, _ = model.profile(profile)
    grades = pa.array([g.grade for g in model.grades], results.schema.field("grade").type)
    index = pc.index_in(results.column("grade"), value_set=grades)
    results = results.append_column("grade_label", labelled(index, [g.label for g in model.grades]))
    zeros = pa.repeat(pa.scalar(0, pa.int8()), results.num_rows)
    for col, value in (("model_id", model.id), ("model_version", model.version),
                       ("model_hash", model.content_hash), ("profile", name)):
        results = results.append_column(col, labelled(zeros, [value]))
    return Outcome(results, problems, model, name)  # ordered by credit code (score_sql)


def labelled(index: pa.Array | pa.ChunkedArray, values: list[str]) -> pa.ChunkedArray:
    """The strings ``values[i]`` for each ``i`` of ``index``, dictionary-encoded: a grade's
    label, or one value for every row (the model's id, version and hash). Parquet stores
    such a column dictionary-encoded in any case and CSV writes the strings; spelt out, the
    71-character model hash alone was 71 MB of fresh memory per million rows (0.2 s here)."""
    dictionary = pa.array(values, pa.string())
    chunks = index.chunks if isinstance(index, pa.ChunkedArray) else [index]
    return pa.chunked_array([pa.DictionaryArray.from_arrays(c, dictionary) for c in chunks],
                            pa.dictionary(index.type, pa.string()))


def execute(plan_for, sources: dict[str, Source | None], model: Model, profile: str | None,
            engine: str = "duckdb", spark_master: str | None = None) -> Outcome:
    """Register ``sources`` as views ``src_<name>``, build the plan from their column types, run."""
    if engine == "spark":
        from ipcredit.batch import spark

        session = spark.session(spark_master)
        types = {n: spark.register(session, f"src_{n}", s, _table_of(n)) for n, s in sources.items() if s is not None}
        check_columns(types, sources)
        plan = plan_for(SPARK, types, lambda sql: session.sql(sql).collect()[0][0])
        results, problems = spark.run(session, plan, model, profile)
        return finish(results, problems, model, profile)
    from ipcredit.batch import duck

    con = duck.connect()
    types = {n: duck.register(con, f"src_{n}", s, _table_of(n)) for n, s in sources.items() if s is not None}
    check_columns(types, sources)
    plan = plan_for(DUCKDB, types, lambda sql: con.execute(sql).fetchone()[0])
    results, problems = duck.run(con, plan, model, profile)
    duck.close_in_background(con)
    return finish(results, problems, model, profile)


def unreadable(error: Exception, clean=lambda text: text) -> str:
    """The problem message for a table DuckDB cannot read (a damaged Parquet file, bad CSV
    quoting …): the first line of DuckDB's error, passed through ``clean`` (the web hides its
    temporary paths)."""
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"表无法读取：{clean(first)} (the table cannot be read)"


def check_columns(types: dict[str, dict[str, str]], sources: dict[str, Source | None]) -> None:
    """A table without one of its required columns cannot be read at all: refuse the run."""
    problems = []
    for name, cols in types.items():
        table = _table_of(name)
        required = [c.name for c in table.columns if c.required] if table else ["credit_code", "name"]
        where = str(sources[name]) if isinstance(sources[name], Path) else name
        for col in required:
            if col not in cols:
                header = table.column(col).header if table else col
                problems.append(Problem(where, f"缺少必填列 {header} (required column missing: {col})"))
    if problems:
        raise InputError(problems)


def _table_of(name: str):
    from ipcredit.facts.tables import TABLES_BY_NAME

    return TABLES_BY_NAME.get(name)


def score_facts_tables(facts: Source, records: Source | None = None, evaluation_date: dt.date | None = None,
                       model: Model | None = None, profile: str | None = None, engine: str = "duckdb",
                       spark_master: str | None = None) -> Outcome:
    """Score a facts table (one row per enterprise) with its behaviour records table."""
    model = model or bundled_model()
    custom = _custom(model)

    def plan_for(d, types, query):
        recs = records_relation(d, "src_records" if "records" in types else None, types.get("records", {}))
        codes = (code_values(d, "src_facts", types["facts"].get("credit_code")),) if "credit_code" in types["facts"] else ()
        return Plan(facts_relation(d, "src_facts", types["facts"], evaluation_date, custom), recs, codes=codes)

    return execute(plan_for, {"facts": facts, "records": records}, model, profile, engine, spark_master)


def _without_code(d) -> str:
    """How many patent rows have no credit code — NULL, or nothing but blanks, as
    `Dialect.code_strip` reads a code (only a value that is not 18 bytes long is stripped, so
    the test over 10M codes costs little more than their lengths)."""
    return f"SELECT COUNT(*) FROM src_patents WHERE {d.code_strip(f'CAST(credit_code AS {d.text_type})')} IS NULL"


def record_files(folder: Path) -> dict[str, Path]:
    """The record tables in ``folder``: ``<name>.parquet`` or ``<name>.csv`` (English name or
    Chinese label, `ipcredit.facts.tables`); Parquet wins when both exist."""
    from ipcredit.facts.tables import table_for

    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        table = table_for(path.stem)
        if table is None or path.suffix.lower() not in (".parquet", ".csv"):
            continue
        if table.name not in found or path.suffix.lower() == ".parquet":
            found[table.name] = path
    return found


def score_records(tables: dict[str, Source], evaluation_date: dt.date, base_date: dt.date | None = None,
                  model: Model | None = None, profile: str | None = None, engine: str = "duckdb",
                  spark_master: str | None = None) -> Outcome:
    """Score every enterprise of the raw record tables (derivation at B, scoring at E)."""
    from ipcredit.batch.raw import raw_plan
    from ipcredit.standard.dates import default_base_date

    if "enterprises" not in tables:
        raise InputError(Problem("--records", "没有 enterprises 表（enterprises.parquet / enterprises.csv / 企业.csv）(no enterprises table)"))
    model = model or bundled_model()
    b = base_date or default_base_date(evaluation_date)
    if b > evaluation_date:
        raise InputError(Problem("--base-date", f"评价基准日 {b} 晚于评价日 {evaluation_date} (base date after the evaluation date)"))
    threshold = model.parameters.get("high_value_pledge_threshold_wan", Decimal(1000))
    years = int(model.parameters.get("high_value_maintained_years", Decimal(10)))

    def plan_for(d, types, query):
        owners = "patents" in types and query(_without_code(d)) > 0
        return raw_plan(d, types, evaluation_date, b, threshold, years, owners)

    return execute(plan_for, dict(tables), model, profile, engine, spark_master)
