"""Commands of the facts slice: ``synth records``, ``template``, ``facts derive|check``."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

synth_app = typer.Typer(help="演示数据生成 / Synthetic demo data.", no_args_is_help=True)


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
    start = time.perf_counter()
    tables = generate(enterprises, seed, last)
    paths = write(tables, out, csv=csv)
    seconds = time.perf_counter() - start
    for name, table in tables.items():
        typer.echo(f"{name:16} {table.num_rows:>12,} 行 rows")
    typer.echo(f"已写入 {len(paths)} 个文件到 {out}（{seconds:.1f} 秒）/ wrote {len(paths)} files")


def register(app: typer.Typer) -> None:
    app.add_typer(synth_app, name="synth")
