"""``ipcredit panel``: form the review panel, sign, vote, decide."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcredit.db.cli_support import ActorOpt, OnOpt, actor_name, day, out, service

panel_app = typer.Typer(help="评审委员会 / Review panel (§5.3.7).", no_args_is_help=True)


@panel_app.command("form")
def form(case_id: int,
         member: Annotated[list[str], typer.Option(help="成员 人员编号:角色（reviewer/lead/expert），可重复")],
         on: OnOpt = None, actor: ActorOpt = None) -> None:
    """组成评审委员会（奇数，≥5）/ Convene the panel."""
    from ipcredit.reviews.service import form_panel

    seats = []
    for item in member:
        pid, _, role = item.partition(":")
        if not pid.isdigit():
            typer.echo(f"--member {item!r}: 应为 人员编号:角色 (PERSON_ID:ROLE)", err=True)
            raise typer.Exit(2)
        seats.append((int(pid), role))
    with service() as uow:
        panel_id = form_panel(uow, case_id, seats, actor_name(actor), day(on))
    typer.echo(f"评审委员会 {panel_id} 已组成，案件进入评审 (in_review)")


@panel_app.command("sign")
def sign(panel_id: int, person_id: int, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """签署保密承诺 / Sign confidentiality."""
    from ipcredit.reviews.service import sign_confidentiality

    with service() as uow:
        sign_confidentiality(uow, panel_id, person_id, day(on), actor_name(actor))
    typer.echo("保密承诺已签署 (signed)")


@panel_app.command("vote")
def vote(panel_id: int, person_id: int, choice: str,
         comment: Annotated[str | None, typer.Option(help="意见")] = None, actor: ActorOpt = None) -> None:
    """表决：等级（AAA/AA/A）或 return 退回起草 / Vote."""
    from ipcredit.reviews.service import cast_vote

    with service() as uow:
        cast_vote(uow, panel_id, person_id, choice, actor_name(actor), comment)
    typer.echo("已表决 (vote recorded)")


@panel_app.command("decide")
def decide(panel_id: int, reasons: Annotated[str | None, typer.Option(help="评审理由（结论与初稿不同时必填）")] = None,
           actor: ActorOpt = None) -> None:
    """按过半数作出结论 / Close the vote by majority."""
    from ipcredit.reviews.service import decide as run

    with service() as uow:
        outcome = run(uow, panel_id, actor_name(actor), reasons)
    typer.echo("退回报告起草 (sent back to drafting)" if outcome == "return" else f"评审结论：{outcome}")


@panel_app.command("show")
def show(panel_id: int) -> None:
    """评审委员会成员、签署与表决 / Show the panel."""
    from ipcredit.reviews.service import panel_view

    with service() as uow:
        out(panel_view(uow, panel_id))


def register(app: typer.Typer) -> None:
    app.add_typer(panel_app, name="panel")
