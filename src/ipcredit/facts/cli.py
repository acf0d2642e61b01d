"""Commands of the facts slice: ``synth records``, ``template``, ``facts derive|check``."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from ipcredit.errors import InputError
from ipcredit.facts.service import derive_for

synth_app = typer.Typer(help="演示数据生成 / Synthetic demo data.", no_args_is_help=True)
facts_app = typer.Typer(help="由原始记录生成事实文件 / Facts from raw records.", no_args_is_help=True)

RecordsOpt = Annotated[Path, typer.Option("--records", help="记录文件夹或 .xlsx 工作簿 / records folder or workbook")]
EnterpriseOpt = Annotated[str, typer.Option("--enterprise", help="统一社会信用代码 / credit code")]
DateOpt = Annotated[str, typer.Option("--evaluation-date", help="评价日 / evaluation date YYYY-MM-DD")]
BaseOpt = Annotated[str | None, typer.Option("--base-date", help="评价基准日（默认上年 12 月 31 日）/ base date")]


def _fail(exc: InputError) -> None:
    for line in exc.lines():
        typer.echo(line, err=True)
    raise typer.Exit(2)


@synth_app.command("records")
def synth_records(
    enterprises: Annotated[int, typer.Option("--enterprises", min=1, help="企业数量 / number of enterprises")],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出目录 / output folder")],
    seed: Annotated[int, typer.Option("--seed", help="随机种子 / seed")] = 1,
    csv: Annotated[bool, typer.Option("--csv", help="同时写 CSV（中文表头）/ also write CSV")] = False,
    until: Annotated[str, typer.Option("--until", help="最晚日期 / latest date (YYYY-MM-DD)")] = "2025-12-31",
) -> None:
    """生成一个省份规模的原始记录集（Parquet）/ Generate a realistic record set."""
    from ipcredit.facts.synth import generate, write

    try:
        last = dt.date.fromisoformat(until)
    except ValueError:
        typer.echo(f"--until: 日期格式错误 '{until}'，应为 YYYY-MM-DD (must be a date)", err=True)
        raise typer.Exit(2) from None
    from rich.progress import Progress

    start = time.perf_counter()
    with Progress(transient=True) as progress:
        task = progress.add_task("生成记录 / generating", total=18 if csv else 9)
        tables = generate(enterprises, seed, last, on_table=lambda name: progress.advance(task))
        progress.update(task, completed=0, description="写入文件 / writing")
        paths = write(tables, out, csv=csv, on_file=lambda path: progress.advance(task))
    seconds = time.perf_counter() - start
    for name, table in tables.items():
        typer.echo(f"{name:16} {table.num_rows:>12,} 行 rows")
    typer.echo(f"已写入 {len(paths)} 个文件到 {out}（{seconds:.1f} 秒）/ wrote {len(paths)} files")


@facts_app.command("derive")
def facts_derive(
    records: RecordsOpt, enterprise: EnterpriseOpt, evaluation_date: DateOpt, base_date: BaseOpt = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="事实文件 facts.yaml（默认输出到屏幕）")] = None,
    provenance: Annotated[Path | None, typer.Option("--provenance", help="来源记录 JSON / provenance JSON")] = None,
) -> None:
    """由原始记录推导一家企业的事实文件 facts-v1 / Derive one enterprise's facts file."""
    from ipcredit.facts.output import facts_yaml, provenance_json

    try:
        derivation, _ = derive_for(records, enterprise, evaluation_date, base_date)
    except InputError as exc:
        _fail(exc)
    text = facts_yaml(derivation, f"{records}")
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"已写入 {out} / wrote {out}", err=True)
    if provenance is not None:
        provenance.write_text(provenance_json(derivation), encoding="utf-8")


@facts_app.command("check")
def facts_check(records: RecordsOpt) -> None:
    """校验全部原始记录（所有企业）/ Validate every row of a record set."""
    from ipcredit.facts.readers import load_records

    try:
        rows = load_records(records)
    except InputError as exc:
        _fail(exc)
    for name, table_rows in rows.tables.items():
        typer.echo(f"{name:16} {len(table_rows):>10,} 行 rows")
    typer.echo("记录有效 (valid)")


def template(path: Annotated[Path, typer.Argument(help="输出的 .xlsx 文件 / output workbook")]) -> None:
    """生成原始记录 Excel 模板（每表一个工作表，含示例行）/ Write the XLSX records template."""
    from ipcredit.facts.template import write_template

    if path.suffix.lower() != ".xlsx":
        typer.echo(f"{path}: 模板须为 .xlsx 文件 (must end in .xlsx)", err=True)
        raise typer.Exit(2)
    write_template(path)
    typer.echo(f"已写入模板 {path} / wrote template {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(synth_app, name="synth")
    app.add_typer(facts_app, name="facts")
    app.command("template")(template)
