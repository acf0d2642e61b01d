"""``ipcredit objection``: information and result objections; the holiday table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcredit.db.cli_support import ActorOpt, OnOpt, actor_name, day, out, service

objection_app = typer.Typer(help="异议处理 / Objections (§5.3.9).", no_args_is_help=True)


@objection_app.command("info")
def info(report_id: int, path: str, claim: str, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """提出信息异议（采集日起 1 年内）/ File an information objection on one fact."""
    from ipcredit.objections.service import file_information_objection

    with service() as uow:
        obj = file_information_objection(uow, report_id, path, claim, day(on), actor_name(actor))
    note = "（暂定：该年度法定节假日未知，录入假日表后重算）" if obj.due_provisional else ""
    typer.echo(f"信息异议 {obj.id} 已受理，应于 {obj.due_on} 前办结{note}")


@objection_app.command("conclude")
def conclude(objection_id: int,
             outcome: Annotated[str, typer.Option(help="corrected 更正 / confirmed 维持 / unverifiable 无法核实")],
             reasons: Annotated[str, typer.Option(help="理由")],
             value: Annotated[str | None, typer.Option(help="更正后的值（JSON 或文本）")] = None,
             on: OnOpt = None, actor: ActorOpt = None) -> None:
    """办结信息异议 / Conclude an information objection."""
    from ipcredit.cases.facts_document import parse_value
    from ipcredit.objections.service import conclude_information_objection

    with service() as uow:
        obj = conclude_information_objection(uow, objection_id, outcome, reasons, actor_name(actor), day(on),
                                             parse_value(value) if value is not None else None)
    typer.echo(f"异议 {obj.id} 已办结：{obj.outcome}" + ("（已超过办理期限）" if obj.late else ""))


@objection_app.command("result")
def result(report_id: int, basis: str, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """提出结果异议（送达后 15 日内，附依据）/ File a result objection."""
    from ipcredit.objections.service import file_result_objection

    with service() as uow:
        obj = file_result_objection(uow, report_id, basis, day(on), actor_name(actor))
    typer.echo(f"结果异议 {obj.id} 已受理，将进行复评 (accepted: re-evaluation)")


@objection_app.command("reevaluate")
def reevaluate(objection_id: int, reasons: Annotated[str, typer.Option(help="复评结论理由")],
               change: Annotated[list[str] | None, typer.Option(help="更正事实 路径=值，可重复")] = None,
               grade: Annotated[str | None, typer.Option(help="复评评审确定的等级（默认按重算结果）")] = None,
               on: OnOpt = None, actor: ActorOpt = None) -> None:
    """复评（结果为最终结果）/ The one, final re-evaluation."""
    from ipcredit.cases.facts_document import parse_value
    from ipcredit.objections.service import reevaluate as run

    changes = {}
    for item in change or []:
        path, sep, value = item.partition("=")
        if not sep:
            typer.echo(f"--change {item!r}: 应为 路径=值 (PATH=VALUE)", err=True)
            raise typer.Exit(2)
        changes[path] = parse_value(value)
    with service() as uow:
        obj = run(uow, objection_id, reasons, actor_name(actor), day(on), changes, grade)
        from ipcredit.issuance.service import get_report

        final = get_report(uow.s, obj.report_id).grade
    typer.echo(f"复评完成，最终等级 {final} (final)")


@objection_app.command("list")
def list_cmd(case: Annotated[int | None, typer.Option(help="案件编号")] = None,
             open_only: Annotated[bool, typer.Option("--open", help="只列未办结的（按期限排序）")] = False,
             on: OnOpt = None) -> None:
    """列出异议（含是否逾期）/ List objections, with overdue flags."""
    from ipcredit.objections.service import list_objections

    with service() as uow:
        out(list_objections(uow, case, open_only, day(on)))


@objection_app.command("holidays-load")
def holidays_load(year: int, file: Path) -> None:
    """录入某年法定节假日与调休（YAML/JSON 列表: date, kind holiday|workday, name）并重算暂定期限。"""
    from ipcredit.calendar.service import load_holidays
    from ipcredit.yamlio import load_file

    rows = load_file(file)
    if not isinstance(rows, list):
        typer.echo(f"{file}: 应为列表 (a list of {{date, kind, name}})", err=True)
        raise typer.Exit(2)
    with service() as uow:
        changed = load_holidays(uow, year, rows, str(file))
    typer.echo(f"{year} 年假日表已录入，重算 {changed} 个暂定期限")


@objection_app.command("due")
def due(start: str, days: Annotated[int, typer.Option(help="工作日数")] = 7) -> None:
    """计算若干工作日后的期限 / Working-day deadline from START."""
    from ipcredit.calendar.domain import add_working_days
    from ipcredit.calendar.repository import load_table

    with service() as uow:
        d = add_working_days(day(start, "START"), days, load_table(uow.s))
    typer.echo(f"{d.due.isoformat()}" + (f"  {d.note}" if d.provisional else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(objection_app, name="objection")
