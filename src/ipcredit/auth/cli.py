"""``ipcredit user``: accounts for the web application."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ipcredit.db.cli_support import OnOpt, day, out, service

user_app = typer.Typer(help="网页登录账户 / Web accounts.", no_args_is_help=True)


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="admin | project_lead | evaluator | panel_member | enterprise_user | supervisor")],
    name: Annotated[str | None, typer.Option("--name", help="显示名")] = None,
    agency: Annotated[int | None, typer.Option("--agency", help="机构 id（机构用户）")] = None,
    person: Annotated[int | None, typer.Option("--person", help="人员 id（评价/评审人员）")] = None,
    enterprise: Annotated[int | None, typer.Option("--enterprise", help="企业 id（企业用户）")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
) -> None:
    """新建账户（密码以 argon2 散列保存）/ Create an account."""
    from ipcredit.auth.service import create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt("密码", hide_input=True,
                                                                                       confirmation_prompt=True)
    with service() as uow:
        user_id = create_user(uow, username, password, role, name, agency, person, enterprise)
    out({"id": user_id, "username": username, "role": role})


@user_app.command("demo")
def demo(on: OnOpt = None, as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """演示数据与演示账户（可重复运行）/ Demo data and demo logins, idempotently."""
    from ipcredit.auth.demo import DEMO_USERS, seed_demo_logins
    from ipcredit.auth.domain import ROLE_LABELS

    with service() as uow:
        summary = seed_demo_logins(uow, day(on))
    if as_json:
        out(summary)
        return
    typer.echo("演示数据已就绪" + ("（本次新建）" if summary["seeded"] else "（已存在，未重复创建）") + "。演示账户（密码均为 "
               + summary["password"] + "）：")
    for username, (role, name, _, _) in DEMO_USERS.items():
        typer.echo(f"  {username:<12} {ROLE_LABELS[role]:<6} {name}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
