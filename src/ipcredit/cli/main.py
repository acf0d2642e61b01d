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
    file: Annotated[Path | None, typer.Argument(help="事实文件 facts-v1（YAML 或 JSON）/ facts file")] = None,
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    records: Annotated[Path | None, typer.Option("--records", help="或：原始记录文件夹/工作簿 / or a records folder/workbook")] = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise", help="与 --records 同用：统一社会信用代码")] = None,
    evaluation_date: Annotated[str | None, typer.Option("--evaluation-date", help="与 --records 同用：评价日")] = None,
    base_date: Annotated[str | None, typer.Option("--base-date", help="与 --records 同用：评价基准日")] = None,
    explain: Annotated[str | None, typer.Option("--explain", help="与 --records 同用：列出某指标计入/未计入的记录，如 C1")] = None,
) -> None:
    """评价一家企业并给出等级 / Score one enterprise and rate it AAA / AA / A."""
    from ipcredit.standard import evaluate as run

    derivation = None
    try:
        if records is None:
            _no_records_options(file, enterprise, evaluation_date, base_date, explain)
            mdl, facts = load_inputs(file, model, profile)
        else:
            mdl, derivation, facts = load_records_inputs(file, records, enterprise, evaluation_date, base_date, model, profile)
        result = run(facts, mdl, profile)
        explanation = _explanation(derivation, mdl, explain, fmt)
    except InputError as exc:
        fail(exc)
    if fmt is OutputFormat.json:
        data = result.to_json()
        if explanation is not None:
            data["explain"] = explanation
        print_json(data)
    else:
        from ipcredit.cli.render import print_evaluation

        print_evaluation(result)
        for line in explanation or []:
            typer.echo(line)


def _no_records_options(file: Path | None, *options: str | None) -> None:
    from ipcredit.errors import Problem

    if file is None:
        raise InputError(Problem("FILE", "请给出事实文件 FILE 或 --records (give FILE or --records)"))
    if any(o is not None for o in options):
        raise InputError(Problem("--records", "--enterprise/--evaluation-date/--base-date/--explain 须与 --records 同用"))


def load_records_inputs(file, records, enterprise, evaluation_date, base_date, model_path, profile):
    """Model, derivation and facts of one enterprise taken from raw records (issue 3)."""
    from ipcredit.errors import Problem
    from ipcredit.facts.service import derive_for
    from ipcredit.standard import load_model

    if file is not None:
        raise InputError(Problem("FILE", "FILE 与 --records 只能给出一个 (give exactly one of FILE / --records)"))
    missing = [n for n, v in (("--enterprise", enterprise), ("--evaluation-date", evaluation_date)) if v is None]
    if missing:
        raise InputError([Problem(n, "使用 --records 时必填 (required with --records)") for n in missing])
    mdl = load_model(model_path)
    mdl.profile(profile)
    derivation, facts = derive_for(records, enterprise, evaluation_date, base_date, mdl)
    return mdl, derivation, facts


def _explanation(derivation, mdl, indicator: str | None, fmt: OutputFormat):
    if indicator is None or derivation is None:
        return None
    from ipcredit.facts.explain import explain_json, explain_lines

    if fmt is OutputFormat.json:
        return explain_json(derivation, mdl, indicator)
    return explain_lines(derivation, mdl, indicator)


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
    "ipcredit.facts.cli",
    "ipcredit.db.cli",
    "ipcredit.agencies.cli",
    "ipcredit.cases.cli",
    "ipcredit.reviews.cli",
    "ipcredit.objections.cli",
    "ipcredit.supervision.cli",
    "ipcredit.archive.cli",
    "ipcredit.demo.cli",
    "ipcredit.web.cli",
    "ipcredit.auth.cli",
    "ipcredit.consent.cli",
    "ipcredit.reports.cli",
    "ipcredit.batch.cli",
    "ipcredit.security.cli",
    "ipcredit.audit.cli",
    "ipcredit.export.cli",
    "ipcredit.backup.cli",
)


def register_groups() -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(app)


def main() -> None:
    from ipcredit.security.keyring import KeyringError

    register_groups()
    try:
        app()
    except KeyringError as exc:  # missing or wrong data key: one clear line, never a traceback
        print(f"错误 (error): {exc}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
