"""``ipcredit supervise``: sampling, new records, revocation, false materials."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer

from ipcredit.db.cli_support import ActorOpt, OnOpt, actor_name, day, out, service

supervise_app = typer.Typer(help="信用监督 / Supervision (§6).", no_args_is_help=True)


@supervise_app.command("sample")
def sample(agency_id: int, year: int, rate: Annotated[str, typer.Option(help="抽查比例，如 0.1")],
           seed: Annotated[int | None, typer.Option(help="随机种子（缺省随机生成并记录）")] = None,
           on: OnOpt = None, actor: ActorOpt = None) -> None:
    """年度抽查，生成复核案件 / Annual sampling creating re-check cases."""
    from ipcredit.supervision.service import run_sampling

    try:
        rate_d = Decimal(rate)
    except InvalidOperation:
        typer.echo(f"--rate: 应为小数，得到 {rate!r}", err=True)
        raise typer.Exit(2)
    with service() as uow:
        run = run_sampling(uow, agency_id, year, rate_d, actor_name(actor), day(on), seed)
    typer.echo(f"抽查 {run.id}: 种子 {run.seed}，比例 {run.rate}，总体 {len(run.population)}，"
               f"抽中报告 {run.selected}，复核案件 {run.recheck_cases}")


@supervise_app.command("import-record")
def import_record(credit_code: str, record: Annotated[str, typer.Argument(help='记录 JSON，如 {"kind":"bad_record","category":"listed_dishonest","date":"2026-05-01"}')],
                  source: Annotated[str, typer.Option(help="来源")] = "公共信用信息",
                  on: OnOpt = None, actor: ActorOpt = None) -> None:
    """导入新记录，必要时提出撤销建议 / Import a new record for a rated enterprise."""
    from ipcredit.supervision.service import import_credit_record

    try:
        rec = json.loads(record)
    except json.JSONDecodeError as exc:
        typer.echo(f"RECORD: 不是有效 JSON ({exc.msg})", err=True)
        raise typer.Exit(2)
    with service() as uow:
        props = import_credit_record(uow, credit_code, rec, source, actor_name(actor), day(on))
    typer.echo(f"记录已导入；撤销建议 {[p.id for p in props] or '无'}")


@supervise_app.command("proposals")
def proposals(status: Annotated[str | None, typer.Option(help="proposed/accepted/rejected")] = None) -> None:
    """撤销建议 / Revocation proposals."""
    from ipcredit.supervision.service import proposals as run

    with service() as uow:
        out(run(uow, status))


@supervise_app.command("decide")
def decide(proposal_id: int, reason: Annotated[str, typer.Option(help="理由")],
           accept: Annotated[bool, typer.Option("--accept/--reject")] = True,
           on: OnOpt = None, actor: ActorOpt = None) -> None:
    """决定撤销建议（接受则报告撤销）/ Accept or reject a revocation proposal."""
    from ipcredit.supervision.service import decide_revocation

    with service() as uow:
        decide_revocation(uow, proposal_id, accept, reason, actor_name(actor), day(on))
    typer.echo("报告已撤销 (revoked)" if accept else "撤销建议已驳回 (rejected)")


@supervise_app.command("false-materials")
def false_materials(case_id: int, reason: Annotated[str, typer.Option(help="认定理由")],
                    agency_assisted: Annotated[bool, typer.Option("--agency-assisted", help="机构协助造假")] = False,
                    on: OnOpt = None, actor: ActorOpt = None) -> None:
    """认定虚假材料：结果作废、禁止申请 3 年 / Record false materials."""
    from ipcredit.supervision.service import false_materials_found

    with service() as uow:
        result = false_materials_found(uow, case_id, day(on), reason, actor_name(actor), agency_assisted)
    out(result)


def register(app: typer.Typer) -> None:
    app.add_typer(supervise_app, name="supervise")
