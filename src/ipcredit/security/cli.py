"""``ipcredit keys``: create the keyring, show what each key protects, rotate, retire."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

keys_app = typer.Typer(help="数据密钥：创建、状态、轮换、停用 / Data keys: init, status, rotate, retire.",
                       no_args_is_help=True)


def _fail(message: str) -> None:
    print(f"错误 (error): {message}", file=sys.stderr)
    raise typer.Exit(1)


def _engine():
    from ipcredit.db.settings import get_settings
    from ipcredit.db.uow import _engine_for

    return _engine_for(get_settings().database_url)


def _columns():
    from ipcredit.db.base import load_all_models
    from ipcredit.security.rotation import encrypted_columns

    return encrypted_columns(load_all_models())


def _evidence_root():
    from ipcredit.db.settings import get_settings

    return get_settings().evidence_dir


@keys_app.command("init")
def init_cmd(if_missing: Annotated[bool, typer.Option("--if-missing", help="已有密钥时什么也不做 / no-op when keys exist")] = False) -> None:
    """新建密钥文件（权限 0600）/ Create the key file (mode 0600)."""
    from ipcredit.security import keyring

    if keyring.from_environment():
        if if_missing:
            return
        _fail(f"密钥来自环境变量 {keyring.ENV_KEYS}，无需密钥文件 (keys come from {keyring.ENV_KEYS})")
    path = keyring.key_file()
    if path.exists():
        if if_missing:
            return
        _fail(f"密钥文件 {path} 已存在，不会覆盖 (key file exists; not overwritten)")
    ring = keyring.generate()
    keyring.save(ring, path)
    typer.echo(f"已创建密钥文件 (key file created): {path}  主密钥 (primary) {ring.primary}；请另行安全备份此文件 "
               "(back it up separately: without it the data cannot be read)")


@keys_app.command("status")
def status_cmd() -> None:
    """每个密钥仍保护多少个值和文件 / How many values and files each key still protects."""
    from ipcredit.security import keyring
    from ipcredit.security.rotation import file_census, value_census

    ring = keyring.load()
    with _engine().connect() as conn:
        census = value_census(conn, _columns())
    files = file_census(_evidence_root())
    typer.echo(f"密钥环 (keyring): {ring.source}  主密钥 (primary): {ring.primary}")
    totals = sum((c for c in census.values()), start=type(files)()) + files
    for kid in sorted(set(ring.keys) | set(totals)):
        mark = " (primary)" if kid == ring.primary else ""
        typer.echo(f"  {kid}{mark}: {totals.get(kid, 0)} 个值/文件 (values/files)")
    for col, count in census.items():
        if count:
            typer.echo(f"    {col}: " + ", ".join(f"{k} {n}" for k, n in sorted(count.items())))
    if files:
        typer.echo("    evidence files: " + ", ".join(f"{k} {n}" for k, n in sorted(files.items())))


@keys_app.command("rotate")
def rotate_cmd(batch: Annotated[int, typer.Option("--batch", min=1, max=10000, help="每个事务改写的行数")] = 200) -> None:
    """新增主密钥并在线重新加密全部数据 / Add a new primary key and re-encrypt everything online."""
    from ipcredit.security import keyring
    from ipcredit.security.rotation import rotate_keys

    if keyring.from_environment():
        _fail(f"密钥来自环境变量 {keyring.ENV_KEYS}：轮换需要改写密钥文件；请在环境变量中加入新密钥并设为主密钥 "
              f"(rotation rewrites the key file; keys from {keyring.ENV_KEYS} cannot be rewritten)")
    new, values, files = rotate_keys(_engine(), _evidence_root(), _columns(), batch)
    _audit_rotation(new, values, files)
    typer.echo(f"新主密钥 (new primary key) {new}；重新加密 {values} 个值、{files} 个证据文件 "
               f"(re-encrypted {values} values, {files} evidence files)。旧密钥不再保护数据后可用 ipcredit keys retire 停用")


def _audit_rotation(new: str, values: int, files: int) -> None:
    from ipcredit.audit.listener import entry, pending
    from ipcredit.db.uow import default_uow

    with default_uow() as uow:
        pending(uow.s).append(entry("keys:rotate", "keyring", new, f"主密钥轮换为 {new}；重新加密 {values} 个值、{files} 个文件"))
        uow.commit()


@keys_app.command("retire")
def retire_cmd(key_id: Annotated[str, typer.Argument(help="要停用的密钥 id / key id")]) -> None:
    """停用不再保护任何数据的旧密钥 / Remove an old key that protects nothing any more."""
    from ipcredit.domain_errors import RuleViolation
    from ipcredit.security import keyring
    from ipcredit.security.rotation import retire_key

    if keyring.from_environment():
        _fail(f"密钥来自环境变量 {keyring.ENV_KEYS}，请直接在环境变量中删除 (edit {keyring.ENV_KEYS} instead)")
    try:
        retire_key(_engine(), _evidence_root(), _columns(), key_id)
    except RuleViolation as exc:
        _fail(str(exc))
    typer.echo(f"已停用密钥 (retired) {key_id}")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
