"""``ipcredit batch score``: a whole population rated in one command (批量评价)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from ipcredit.errors import InputError, ModelError, Problem

batch_app = typer.Typer(help="批量评价 / Batch scoring of many enterprises.", no_args_is_help=True)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem(option, f"日期格式错误 '{text}'，应为 YYYY-MM-DD (invalid date)")) from None


def _inputs(records: Path | None, facts: Path | None) -> tuple[dict[str, Path], Path | None]:
    from ipcredit.batch.run import record_files

    if records is None and facts is None:
        raise InputError(Problem("--records", "请给出 --records 记录文件夹或 --facts 事实表 (give --records DIR or --facts TABLE)"))
    for path, option in ((records, "--records"), (facts, "--facts")):
        if path is not None and not path.exists():
            raise InputError(Problem(option, f"找不到 {path} (not found)"))
    if records is not None and not records.is_dir():
        raise InputError(Problem("--records", f"{records} 不是文件夹 (must be a folder)"))
    if facts is not None and facts.suffix.lower() not in (".parquet", ".csv"):
        raise InputError(Problem("--facts", f"{facts} 应为 .parquet 或 .csv 文件 (a Parquet or CSV file)"))
    return (record_files(records) if records else {}), facts


def _score(tables, facts, e, b, model, profile, engine, master):
    import duckdb

    from ipcredit.batch.run import score_facts_tables, score_records, unreadable

    if facts is None and e is None:
        raise InputError(Problem("--evaluation-date", "由原始记录评价须给出评价日 (required with --records)"))
    try:
        if facts is not None:
            return score_facts_tables(facts, tables.get("records"), e, model, profile, engine, master)
        return score_records(tables, e, b, model, profile, engine, master)
    except duckdb.Error as exc:  # a file DuckDB cannot read as a table: damaged Parquet, bad CSV quoting …
        raise InputError(Problem("--facts" if facts is not None else "--records", unreadable(exc))) from None


def _write(outcome, summary, out: Path) -> list[Path]:
    """Write everything to a temporary folder first, then move it in: nothing half-written."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from ipcredit.batch.summary import histogram_svg
    from ipcredit.spreadsheet_safe import neutralize_table

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        t = Path(tmp)
        pq.write_table(outcome.results, t / "results.parquet")
        # CSV is opened in spreadsheets: text that looks like a formula is written as text
        pacsv.write_csv(neutralize_table(outcome.results), t / "results.csv")
        pacsv.write_csv(neutralize_table(outcome.problems), t / "problems.csv")
        (t / "score-histogram.svg").write_text(histogram_svg(summary, outcome.model), encoding="utf-8")
        (t / "summary.json").write_text(json.dumps(_summary_json(outcome, summary), ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
        written = []
        for f in sorted(t.iterdir()):
            target = out / f.name
            shutil.move(str(f), target)
            written.append(target)
    return written


def _summary_json(outcome, s) -> dict:
    return {
        "model": {"id": outcome.model.id, "version": outcome.model.version, "hash": outcome.model.content_hash,
                  "profile": outcome.profile},
        "scored": s.scored, "enterprises_with_problems": s.with_problems, "problems": outcome.problems.num_rows,
        "mean_total": str(s.mean) if s.mean is not None else None,
        "grades": {g: n for g, _, n in s.grades},
        "histogram": {f"{lo}-{lo + 10}": n for lo, n in s.bins},
    }


def _report(console, outcome, summary, seconds: float, written: list[Path]) -> None:
    from rich.table import Table

    grades = Table(title="等级分布 / Grades")
    for col in ("等级", "释义", "企业数", "占比"):
        grades.add_column(col, justify="right" if col in ("企业数", "占比") else "left")
    for g, label, n in summary.grades:
        share = f"{100 * n / summary.scored:.1f}%" if summary.scored else "-"
        grades.add_row(g, label, str(n), share)
    console.print(grades)
    console.print(f"已评价 {summary.scored} 家，平均总分 {summary.mean}，用时 {seconds:.1f} 秒 "
                  f"/ scored {summary.scored} in {seconds:.1f} s")
    if outcome.problems.num_rows:
        console.print(f"[yellow]{summary.with_problems} 家企业数据有问题，未评价，共 {outcome.problems.num_rows} 处，"
                      f"见 problems.csv / enterprises with data problems (not scored)[/yellow]")
        for p in outcome.problems.slice(0, 5).to_pylist():
            console.print(f"  {p['source']} 第 {p['line_no']} 行 {p['column_name']}: {p['message']}（{p['credit_code']}）")
    for path in written:
        console.print(f"  → {path}")


@batch_app.command("score")
def score(
    out: Annotated[Path, typer.Option("-o", "--out", help="结果文件夹 / output folder")],
    records: Annotated[Path | None, typer.Option("--records", help="原始记录文件夹（Parquet/CSV）/ record tables folder")] = None,
    facts: Annotated[Path | None, typer.Option("--facts", help="事实表，每家企业一行 / facts table (one row per enterprise)")] = None,
    evaluation_date: Annotated[str | None, typer.Option("--evaluation-date", help="评价日 YYYY-MM-DD")] = None,
    base_date: Annotated[str | None, typer.Option("--base-date", help="评价基准日（默认上年 12 月 31 日）")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb（默认）或 spark")] = "duckdb",
    spark_master: Annotated[str | None, typer.Option("--spark-master", help="Spark master，默认 local[*] 或 Spark 配置")] = None,
    profile: Annotated[str | None, typer.Option("--profile", help="口径 points|weights")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="机构模型文件 / agency model file")] = None,
) -> None:
    """Score every enterprise of the record tables (or a facts table): results.parquet/.csv,
    problems.csv, summary.json and score-histogram.svg in OUT."""
    from rich.console import Console

    from ipcredit.batch.summary import summarise
    from ipcredit.cli.main import fail
    from ipcredit.standard.model import load_model

    console = Console(stderr=True)
    try:
        if engine not in ("duckdb", "spark"):
            raise InputError(Problem("--engine", f"未知引擎 {engine!r}，可选 duckdb、spark (unknown engine)"))
        e, b = _date(evaluation_date, "--evaluation-date"), _date(base_date, "--base-date")
        tables, facts_path = _inputs(records, facts)
        m = load_model(model)
        m.profile(profile)
        started = time.perf_counter()
        with console.status(f"正在评价（{engine}）… / scoring"):
            outcome = _score(tables, facts_path, e, b, m, profile, engine, spark_master)
        summary = summarise(outcome.results, outcome.problems, m)
        with console.status("正在写出结果… / writing"):
            written = _write(outcome, summary, out)
    except (InputError, ModelError) as exc:
        fail(exc)
    _report(console, outcome, summary, time.perf_counter() - started, written)


def register(app: typer.Typer) -> None:
    app.add_typer(batch_app, name="batch")
