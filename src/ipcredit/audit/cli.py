"""``ipcredit audit``: verify the hash chain, show entries."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcredit.db.cli_support import day, out, service

audit_app = typer.Typer(help="审计日志：校验与查看 / Audit log: verify and show.", no_args_is_help=True)


@audit_app.command("verify")
def verify_cmd() -> None:
    """校验审计链（修改、删除、调换顺序都会被发现）/ Verify the hash chain; exit 1 names the first broken entry."""
    from ipcredit.audit.service import verify_chain

    with service() as uow:
        verdict = verify_chain(uow)
    if verdict.ok:
        typer.echo(f"审计链完整 (audit chain OK): {verdict.count} 条记录 (entries)，链头 (head) {verdict.head}")
        return
    typer.echo(f"审计链被破坏 (audit chain BROKEN) 于第 {verdict.broken_seq} 条 (first broken entry #{verdict.broken_seq}): "
               f"{verdict.problem}；此前 {verdict.count} 条完好 ({verdict.count} entries intact before it)", err=True)
    raise typer.Exit(1)


@audit_app.command("show")
def show_cmd(
    case: Annotated[int | None, typer.Option("--case", help="案件 id / case id")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="操作人 / actor")] = None,
    since: Annotated[str | None, typer.Option("--since", help="起始日期 YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="截止日期 YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100000, help="最多条数 / at most")] = 200,
) -> None:
    """列出审计记录（JSON）/ List audit entries as JSON."""
    from ipcredit.audit.service import entries

    since_d = day(since, "--since") if since else None
    until_d = day(until, "--until") if until else None
    with service() as uow:
        out(entries(uow, case, actor, since_d, until_d, limit))


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
