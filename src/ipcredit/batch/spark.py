"""The Spark executor (optional extra ``pip install ipcredit[spark]``): the same compiled SQL.

``--spark-master`` names the cluster (``spark://host:7077``, ``yarn``, ``local[4]``); without
it the standard Spark configuration decides (``spark-defaults.conf``, ``SPARK_MASTER`` …),
and failing that ``local[*]``. Input files are read by Spark itself; a row's ``line_no`` is
its position in its file (Parquet row + 1, CSV line with the header as line 1).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa

from ipcredit.batch.dialect import SPARK
from ipcredit.batch.inputs import stage_details
from ipcredit.batch.query import Plan, input_sql, problem_stages, score_sql
from ipcredit.errors import InputError, Problem
from ipcredit.facts.tables import Table
from ipcredit.standard.model import Model

_TMP: list[tempfile.TemporaryDirectory] = []


def session(master: str | None = None):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(Problem("--engine", "未安装 Spark：pip install 'ipcredit[spark]' (pyspark is not installed)")) from None
    builder = SparkSession.builder.appName("ipcredit-batch")
    master = master or os.environ.get("SPARK_MASTER")
    if master:
        builder = builder.master(master)
    elif not os.environ.get("SPARK_CONF_DIR"):
        builder = builder.master("local[*]")
    partitions = os.environ.get("IPCREDIT_SPARK_PARTITIONS", "4")
    builder = (builder.config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", partitions).config("spark.default.parallelism", partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _norm(header: str) -> str:
    import re

    return re.sub(r"\s+", "", str(header)).replace("（", "(").replace("）", ")").lower()


def _path_of(source: Path | pa.Table) -> Path:
    if isinstance(source, Path):
        return source
    import pyarrow.parquet as pq

    tmp = tempfile.TemporaryDirectory(prefix="ipcredit-spark-")
    _TMP.append(tmp)
    path = Path(tmp.name) / "table.parquet"
    pq.write_table(source, path)
    return path


def register(spark, view: str, source: Path | pa.Table, table: Table | None = None) -> dict[str, str]:
    """A temp view ``view`` over the file with canonical column names and ``line_no``."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    path = _path_of(source)
    csv = path.suffix.lower() == ".csv"
    reader = spark.read.option("header", True).option("encoding", "UTF-8") if csv else spark.read
    df = reader.csv(str(path)) if csv else reader.parquet(str(path))
    names: dict[str, str] = {}
    if table is not None:
        by_name = {_norm(n): c.name for c in table.columns for n in c.names()}
        for col in df.columns:
            canonical = by_name.get(_norm(col))
            if canonical and canonical not in names.values():
                names[col] = canonical
    else:
        names = {c: c for c in df.columns if c != "line_no"}
    types = dict(df.dtypes)
    order = Window.orderBy(F.monotonically_increasing_id())
    line = F.col("line_no") if "line_no" in df.columns else (F.row_number().over(order) + 1)
    out = df.select(*[F.col(f"`{s}`").alias(d) for s, d in names.items()], line.alias("line_no"))
    out.createOrReplaceTempView(view)
    return {d: ("CSV" if csv else _type(types[s])) for s, d in names.items()}


def _type(spark_type: str) -> str:
    """Spark type names in the vocabulary of `ipcredit.batch.typed` (DuckDB's)."""
    t = spark_type.lower()
    if t.startswith("decimal"):
        return "DECIMAL"
    return {"string": "STRING", "date": "DATE", "boolean": "BOOLEAN", "int": "INTEGER", "bigint": "BIGINT",
            "smallint": "SMALLINT", "tinyint": "TINYINT"}.get(t, t.upper())


def repeated(spark, name: str, values: str) -> None:
    """View ``name`` (column ``h``): the values of ``h`` in query ``values`` that occur more than
    once (`Plan.repeated`), grouped — a global sort would pull every row into one partition."""
    spark.sql(SPARK.repeated(values, "h")).cache().createOrReplaceTempView(name)


def run(spark, plan: Plan, model: Model, profile: str | None) -> tuple[pa.Table, pa.Table]:
    """(results, problems) as Arrow tables; problem stages are cached views."""
    for name, values in plan.repeated:
        repeated(spark, name, values)
    for name, sql in plan.stage_sql(lambda query: [tuple(r) for r in spark.sql(query).collect()]):
        spark.sql(sql).cache().createOrReplaceTempView(name)
    details = []
    for i, (sql, group) in enumerate(problem_stages(plan, SPARK)):
        stage = spark.sql(sql).cache()
        stage.createOrReplaceTempView(f"problem_stage_{i}")
        details.append(stage_details(f"problem_stage_{i}", group))
    problems = spark.sql(" UNION ALL ".join(details)).cache()
    problems.createOrReplaceTempView("problems")
    problems_arrow = problems.orderBy("source", "line_no", "column_name").toArrow()
    inp = spark.sql(input_sql(plan)).cache()
    inp.createOrReplaceTempView("inp")
    results = spark.sql(score_sql(plan, model, profile, SPARK)).toArrow()
    return _plain(results), _plain(problems_arrow)


def _plain(table: pa.Table) -> pa.Table:
    """Spark's Arrow output with DuckDB's column types (int32 line numbers → int64, the money
    columns' decimal128(12, 2) → decimal64(12, 2), `duck.cents_to_decimal`)."""
    def plain(f: pa.Field) -> pa.Field:
        if pa.types.is_integer(f.type):
            return pa.field(f.name, pa.int64())
        if pa.types.is_decimal128(f.type) and f.type.precision <= 18:
            return pa.field(f.name, pa.decimal64(f.type.precision, f.type.scale))
        return f

    return table.cast(pa.schema([plain(f) for f in table.schema]))
