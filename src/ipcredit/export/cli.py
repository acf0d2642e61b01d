"""``ipcredit export --deidentify -o DIR``: results for analysis and statistics, de-identified."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def export(
    out: Annotated[Path, typer.Option("-o", "--out", help="输出目录 / output folder")],
    deidentify: Annotated[bool, typer.Option("--deidentify", help="去标识化（必需）/ de-identify (required)")] = False,
    k: Annotated[int, typer.Option("--k", help="k-匿名：每组至少 k 家企业，否则抑制 / minimum group size")] = 5,
) -> None:
    """去标识化导出评价结果（Parquet 与 CSV）/ De-identified export of evaluation results."""
    from ipcredit.db.cli_support import service
    from ipcredit.export.service import export_deidentified

    if not deidentify:
        print("只提供去标识化导出，请加 --deidentify；含身份信息的数据不从此命令导出 "
              "(only de-identified export is offered: add --deidentify)", file=sys.stderr)
        raise typer.Exit(2)
    if k < 2:
        print(f"--k: 至少为 2，得到 {k} (k must be at least 2)", file=sys.stderr)
        raise typer.Exit(2)
    with service() as uow:
        report = export_deidentified(uow, out, k)
    typer.echo(f"已导出 {report['rows']} 行到 {out}（共 {report['evaluated']} 个已评价案件，"
               f"k={k} 抑制 {report['suppressed_rows']} 行 / {report['suppressed_groups']} 组）"
               f" (exported {report['rows']} rows; {report['suppressed_rows']} suppressed)")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
