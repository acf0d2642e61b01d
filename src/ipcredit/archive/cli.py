"""``ipcredit retention``: what the 5-year and 7-year limits make due."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcredit.db.cli_support import OnOpt, day, service

retention_app = typer.Typer(help="保存与使用期限 / Retention (§5.3.10).", no_args_is_help=True)


@retention_app.command("run")
def run(dry_run: Annotated[bool, typer.Option("--dry-run/--apply", help="只列出（默认）或执行")] = True,
        on: OnOpt = None) -> None:
    """列出并（--apply 时）执行到期的删除与清除 / List and purge what is due."""
    from ipcredit.archive.service import retention_run

    with service() as uow:
        actions = retention_run(uow, day(on), dry_run)
    for a in actions:
        typer.echo(f"{'[演练] ' if dry_run else ''}{a['action']:<6} 案件 {a['case_id']} 报告 {a['report']}: {a['why']}")
    typer.echo(f"{len(actions)} 项到期" + ("（演练，未修改；用 --apply 执行）" if dry_run else "，已执行"))


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
