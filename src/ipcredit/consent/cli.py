"""``ipcredit client``: API clients of report users (banks) for the disclosure API."""

from __future__ import annotations

from typing import Annotated

import typer

from ipcredit.db.cli_support import ActorOpt, actor_name, out, service

client_app = typer.Typer(help="第三方接口客户（银行等报告使用者）/ API clients of report users.", no_args_is_help=True)


@client_app.command("add")
def add(name: Annotated[str, typer.Argument(help="第三方名称，如 某某银行杭州分行")],
        actor: ActorOpt = None) -> None:
    """新建接口客户并打印其令牌（只显示这一次，库中仅存 SHA-256）/ Create a client; prints its token once."""
    from ipcredit.consent.service import create_client

    with service() as uow:
        client_id, token = create_client(uow, name, actor_name(actor))
    out({"id": client_id, "name": name, "token": token})


@client_app.command("list")
def list_() -> None:
    """列出接口客户 / List clients."""
    from ipcredit.consent.service import list_clients

    with service() as uow:
        out(list_clients(uow))


@client_app.command("disable")
def disable(client_id: Annotated[int, typer.Argument(help="客户 id")]) -> None:
    """停用接口客户（其令牌随即失效）/ Disable a client (its token stops working)."""
    from ipcredit.consent.service import set_client_active

    with service() as uow:
        set_client_active(uow, client_id, False)
    out({"id": client_id, "active": False})


def register(app: typer.Typer) -> None:
    app.add_typer(client_app, name="client")
