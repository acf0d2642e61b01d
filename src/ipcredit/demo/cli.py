"""``ipcredit demo seed``."""

from __future__ import annotations

import typer

from ipcredit.db.cli_support import OnOpt, day, out, service

demo_app = typer.Typer(help="演示数据 / Demo data.", no_args_is_help=True)


@demo_app.command("seed")
def seed(on: OnOpt = None) -> None:
    """创建示范机构、人员与三家处于不同阶段的企业 / Seed a demo agency and three enterprises."""
    from ipcredit.demo.service import seed_demo

    with service() as uow:
        out(seed_demo(uow, day(on)))


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
