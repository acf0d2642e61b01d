"""The ``ipcredit`` command line (Typer). Thin: parse arguments, call the engine, print.

Invalid input exits with status 2, prints nothing on stdout and one line per problem on
stderr (SPEC §2.6). Other subcommand groups register themselves in `register_groups`.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ipcredit.errors import InputError

app = typer.Typer(
    name="ipcredit",
    help="企业知识产权信用评价（T/CFIE 002—2023）/ Enterprise IP credit evaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="评价模型：查看与校验 / Show and check scoring models.", no_args_is_help=True)
app.add_typer(model_app, name="model")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


ModelOpt = Annotated[Path | None, typer.Option("--model", help="机构自定义模型文件（YAML）/ agency model file")]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="口径 / profile: points（默认, 10/30/60）或 weights（25/40/35）")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="输出格式 / output format")]


def fail(exc: InputError) -> NoReturn:
    for line in exc.lines():
        print(line, file=sys.stderr)
    raise typer.Exit(2)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_inputs(file: Path, model_path: Path | None, profile: str | None):
    """Model and facts, with every problem of the facts file reported at once."""
    from ipcredit.standard import load_model, parse_facts
    from ipcredit.yamlio import load_file

    model = load_model(model_path)
    model.profile(profile)  # refuse an unknown profile before reading the facts
    facts = parse_facts(load_file(file), str(file))
    return model, facts


@app.command()
def evaluate(
    file: Annotated[Path, typer.Argument(help="事实文件 facts-v1（YAML 或 JSON）/ facts file")],
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """评价一家企业并给出等级 / Score one enterprise and rate it AAA / AA / A."""
    from ipcredit.standard import evaluate as run

    try:
        mdl, facts = load_inputs(file, model, profile)
        result = run(facts, mdl, profile)
    except InputError as exc:
        fail(exc)
    if fmt is OutputFormat.json:
        print_json(result.to_json())
    else:
        from ipcredit.cli.render import print_evaluation

        print_evaluation(result)


@app.command("what-if")
def what_if(
    file: Annotated[Path, typer.Argument(help="事实文件 facts-v1 / facts file")],
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """提升等级的最小改变 / The smallest changes that would lift the grade."""
    from ipcredit.standard.whatif import what_if as run

    try:
        mdl, facts = load_inputs(file, model, profile)
        result = run(facts, mdl, profile)
    except InputError as exc:
        fail(exc)
    if fmt is OutputFormat.json:
        print_json(result.to_json())
    else:
        from ipcredit.cli.render import print_what_if

        print_what_if(result)


@model_app.command("show")
def model_show(model: ModelOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """显示模型的维度、指标与计分表 / Print the model as a table."""
    from ipcredit.standard import load_model

    try:
        mdl = load_model(model)
    except InputError as exc:
        fail(exc)
    if fmt is OutputFormat.json:
        print_json(mdl.model_dump(mode="json"))
    else:
        from ipcredit.cli.render import print_model

        print_model(mdl)


@model_app.command("check")
def model_check(file: Annotated[Path, typer.Argument(help="机构模型文件 / agency model file")]) -> None:
    """校验机构自定义模型（含 A.2.1 的 70% 规则）/ Validate an agency model."""
    from ipcredit.standard import load_model

    try:
        mdl = load_model(file)
    except InputError as exc:
        fail(exc)
    typer.echo(f"模型有效 (valid): {mdl.id} {mdl.version}  {mdl.content_hash}")
    for name, prof in mdl.profiles.items():
        parts = " / ".join(f"{k} {v}" for k, v in prof.dimensions.items())
        typer.echo(f"  口径 {name}: {parts}")


# Modules of other slices that add commands: each has ``register(app: typer.Typer)``.
COMMAND_MODULES: tuple[str, ...] = (
    "ipcredit.db.cli",
    "ipcredit.agencies.cli",
    "ipcredit.cases.cli",
    "ipcredit.reviews.cli",
    "ipcredit.objections.cli",
    "ipcredit.supervision.cli",
    "ipcredit.archive.cli",
    "ipcredit.demo.cli",
    "ipcredit.web.cli",
    "ipcredit.reports.cli",
)


def register_groups() -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(app)


def main() -> None:
    register_groups()
    app()


if __name__ == "__main__":
    main()
