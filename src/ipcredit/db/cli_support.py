"""Helpers shared by the workflow CLI groups: a unit of work per command, rule violations
printed as one clear line on stderr (exit 1), invalid input as in ``ipcredit evaluate``
(exit 2), dates parsed with a message naming the option."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from contextlib import contextmanager
from typing import Annotated, Any, Iterator

import typer

from ipcredit.domain_errors import RuleViolation
from ipcredit.errors import InputError


@contextmanager
def service() -> Iterator[Any]:
    """``with service() as uow:`` — errors a user can cause end the command cleanly."""
    from ipcredit.db.uow import default_uow

    try:
        with default_uow() as uow:
            yield uow
    except RuleViolation as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        raise typer.Exit(1)
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        raise typer.Exit(2)
    except Exception as exc:  # database unreachable, schema missing …
        from sqlalchemy.exc import OperationalError, ProgrammingError

        if isinstance(exc, (OperationalError, ProgrammingError)):
            first = str(exc).splitlines()[0]
            print(f"数据库错误 (database error): {first}；请先运行 ipcredit db upgrade 并检查 IPCREDIT_DATABASE_URL",
                  file=sys.stderr)
            raise typer.Exit(1)
        raise


def day(value: str | None, option: str = "--on") -> dt.date:
    """A ``YYYY-MM-DD`` option value; today when absent."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        print(f"{option}: 日期应为 YYYY-MM-DD，得到 {value!r} (invalid date)", file=sys.stderr)
        raise typer.Exit(2)


def actor_name(value: str | None) -> str:
    name = value or os.environ.get("IPCREDIT_ACTOR") or getpass.getuser()
    from ipcredit.audit.context import identify

    identify(name, "cli")  # the audit log records this command's changes under the same name
    return name


def out(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


OnOpt = Annotated[str | None, typer.Option("--on", help="业务日期 YYYY-MM-DD（默认今天）/ business date")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="操作人（默认 $IPCREDIT_ACTOR 或登录名）/ who acts")]
