"""``ipcredit report …``: render drafts, issue, verify and revoke evaluation reports.

    ipcredit report render FACTS -o report.pdf [--format pdf|docx|html] [--meta META.yaml]
    ipcredit report FACTS -o report.pdf        (short for render; `report CASE_ID` for `report case`)
    ipcredit report certificate FACTS -o certificate.pdf [--meta META.yaml]
    ipcredit report issue FACTS --meta META.yaml -o report.pdf [--certificate cert.pdf] [--docx report.docx]
    ipcredit report verify FILE.pdf [--trust agency-cert.pem] [--on 2027-01-01] [--format json]
    ipcredit report revoke CODE [--status revoked|cancelled]
    ipcredit report case CASE_ID -o report.pdf [--certificate cert.pdf]   (issued case, workflow database)
    ipcredit report verify FILE.pdf --db                                   (against the workflow database)

A facts file alone gives a self-assessment draft marked 草稿/非正式报告 on every page.
Issued reports are kept in a registry: ``--registry FILE`` (default ``$IPCREDIT_REPORT_REGISTRY``
or ``var/issued-reports.json``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperGroup

from ipcredit.errors import InputError, Problem

class _ReportGroup(TyperGroup):
    """``ipcredit report FILE …`` (the issue's form) means ``ipcredit report render FILE …``;
    an integer argument is a case id: ``ipcredit report 12 -o r.pdf`` means ``report case 12``."""

    def resolve_command(self, ctx, args):  # type: ignore[override]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["case" if args[0].isdigit() else "render", *args]
        return super().resolve_command(ctx, args)


report_app = typer.Typer(help="评价报告与信用等级证书 / Evaluation reports and certificates (§5.4).",
                         no_args_is_help=True, cls=_ReportGroup)

FactsArg = Annotated[Path, typer.Argument(help="事实文件 facts-v1（YAML 或 JSON）/ facts file")]
OutOpt = Annotated[Path, typer.Option("-o", "--output", help="输出文件 / output file")]
MetaOpt = Annotated[Path | None, typer.Option("--meta", help="报告信息文件（机构、编号、评价人员…）/ report metadata YAML")]
ModelOpt = Annotated[Path | None, typer.Option("--model", help="机构自定义模型文件 / agency model file")]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="口径 / profile: points 或 weights")]
RegistryOpt = Annotated[Path | None, typer.Option("--registry", help="已出具报告登记文件 / issued-reports registry (JSON)")]
EXIT_EXPIRED, EXIT_REVOKED, EXIT_NOT_AUTHENTIC = 3, 4, 1


def default_registry_path() -> Path:
    return Path(os.environ.get("IPCREDIT_REPORT_REGISTRY", "var/issued-reports.json"))


def _fail(exc: InputError) -> NoReturn:
    for line in exc.lines():
        print(line, file=sys.stderr)
    raise typer.Exit(2)


def _write(path: Path, data: bytes) -> None:
    from ipcredit.reports.registry_file import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        print(f"{path}: 无法写入文件 (cannot write: {exc.strerror})", file=sys.stderr)
        raise typer.Exit(1) from exc


def _load(facts_file: Path, meta_file: Path | None, model_file: Path | None, profile: str | None):
    from ipcredit.reports.meta import draft_meta, parse_meta
    from ipcredit.standard import load_model, parse_facts
    from ipcredit.yamlio import load_file

    model = load_model(model_file)
    model.profile(profile)
    facts = parse_facts(load_file(facts_file), str(facts_file))
    meta = (parse_meta(load_file(meta_file), meta_file.parent, str(meta_file)) if meta_file
            else draft_meta())
    return facts, meta, model


@report_app.command("render")
def render_cmd(facts_file: FactsArg, output: OutOpt, fmt: Annotated[str, typer.Option("--format", help="pdf | docx | html")] = "pdf",
               meta: MetaOpt = None, model: ModelOpt = None, profile: ProfileOpt = None) -> None:
    """企业自评报告草稿（每页标注 草稿/非正式报告）/ Self-assessment draft report."""
    from ipcredit.reports.service import Format, make_view, render

    try:
        form = Format(fmt)
    except ValueError:
        _fail(InputError(Problem("--format", f"应为 pdf、docx 或 html (unknown format {fmt!r})")))
    try:
        facts, rmeta, mdl = _load(facts_file, meta, model, profile)
    except InputError as exc:
        _fail(exc)
    _write(output, render(make_view(facts, rmeta, mdl, profile), form))
    typer.echo(f"已生成草稿报告 (draft written): {output}")


@report_app.command("certificate")
def certificate_cmd(facts_file: FactsArg, output: OutOpt, meta: MetaOpt = None,
                    model: ModelOpt = None, profile: ProfileOpt = None) -> None:
    """信用等级证书草稿（一页）/ One-page grade certificate (draft unless issued)."""
    from ipcredit.reports.service import make_view, render_certificate

    try:
        facts, rmeta, mdl = _load(facts_file, meta, model, profile)
    except InputError as exc:
        _fail(exc)
    _write(output, render_certificate(make_view(facts, rmeta, mdl, profile)))
    typer.echo(f"已生成证书草稿 (draft certificate written): {output}")


def register(app: typer.Typer) -> None:
    from ipcredit.reports import cli_case, cli_issue  # noqa: F401  (add issue / verify / revoke / case)

    app.add_typer(report_app, name="report")
