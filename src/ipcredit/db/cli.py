"""``ipcredit db``: apply the migrations, show the schema revision."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="数据库：迁移与状态 / Database migrations.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cmd() -> None:
    """创建或升级数据库结构到最新版本 / Apply all migrations."""
    from ipcredit.db.migrate import current_revision, upgrade
    from ipcredit.db.settings import get_settings
    from ipcredit.db.uow import _engine_for

    from sqlalchemy.exc import OperationalError

    settings = get_settings()
    engine = _engine_for(settings.database_url)
    before = current_revision(engine)
    try:
        upgrade(engine)
    except OperationalError as exc:
        typer.echo(f"数据库错误 (database error): {str(exc).splitlines()[0]}；请检查 IPCREDIT_DATABASE_URL", err=True)
        raise typer.Exit(1)
    after, where = current_revision(engine), engine.url.render_as_string(hide_password=True)
    if before == after:
        typer.echo(f"数据库已是最新版本，无需升级 (already at revision {after}): {where}")
    else:
        typer.echo(f"数据库已升级 {before or '（空库）'} → {after} (upgraded to revision {after}): {where}")


@db_app.command("current")
def current_cmd() -> None:
    """显示当前数据库版本 / Show the database revision."""
    from ipcredit.db.migrate import current_revision, head_revision
    from ipcredit.db.settings import get_settings
    from ipcredit.db.uow import _engine_for

    engine = _engine_for(get_settings().database_url)
    cur, head = current_revision(engine), head_revision()
    typer.echo(f"current {cur or '-'}  head {head}" + ("" if cur == head else "  （请运行 ipcredit db upgrade）"))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
