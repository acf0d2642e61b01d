"""``ipcredit backup -o FILE`` / ``ipcredit restore FILE`` (``--check`` only verifies)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _where():
    from ipcredit.db.settings import get_settings
    from ipcredit.db.uow import _engine_for

    settings = get_settings()
    return _engine_for(settings.database_url), settings.data_dir


def _fail(exc: Exception) -> None:
    typer.echo(f"错误 (error): {exc}", err=True)
    raise typer.Exit(1)


def backup_cmd(output: Annotated[Path, typer.Option("-o", "--output", help="备份文件 / backup file to write")]) -> None:
    """在线备份数据库与证据文件（含清单与校验和；不含密钥）/ Consistent online backup."""
    from ipcredit.backup.service import backup
    from ipcredit.domain_errors import RuleViolation

    engine, data_dir = _where()
    try:
        manifest = backup(engine, data_dir, output.resolve())
    except RuleViolation as exc:
        _fail(exc)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    files = sum(1 for p in manifest["parts"] if p.startswith("files/"))
    typer.echo(f"已备份 (backed up) {len(manifest['tables'])} 张表 {rows} 行、{files} 个文件，数据库版本 "
               f"{manifest['alembic_revision']} → {output}（密钥不在备份中，请另行备份 / keys are not included）")


def restore_cmd(file: Annotated[Path, typer.Argument(help="备份文件 / backup file")],
                check: Annotated[bool, typer.Option("--check", help="只校验备份文件，不恢复 / verify only")] = False) -> None:
    """把备份恢复到空数据库（先整体校验，一个事务写入）/ Restore into an empty database."""
    from ipcredit.backup.service import restore, verify
    from ipcredit.domain_errors import RuleViolation

    try:
        if check:
            manifest = verify(file)
        else:
            engine, data_dir = _where()
            manifest = restore(engine, data_dir, file)
    except RuleViolation as exc:
        _fail(exc)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    verb = "备份文件完好 (backup verified)" if check else "已恢复 (restored)"
    typer.echo(f"{verb}: {len(manifest['tables'])} 张表 {rows} 行，{len(manifest['parts'])} 个部件，"
               f"数据库版本 {manifest['alembic_revision']}，备份于 {manifest['created_at']}")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
