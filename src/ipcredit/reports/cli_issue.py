"""``ipcredit report issue | verify | revoke``: the registry side of the report CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ipcredit.errors import InputError, Problem
from ipcredit.reports.cli import (
    EXIT_EXPIRED, EXIT_NOT_AUTHENTIC, EXIT_REVOKED, FactsArg, ModelOpt, OutOpt, ProfileOpt, RegistryOpt,
    _fail, _load, _write, default_registry_path, report_app,
)

DayOpt = Annotated[str | None, typer.Option(help="日期 YYYY-MM-DD")]


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(InputError(Problem(option, f"日期应为 YYYY-MM-DD (not a date: {text!r})")))


def _registry(path: Path | None):
    from ipcredit.reports.registry_file import JsonFileRegistry

    try:
        return JsonFileRegistry(path or default_registry_path())
    except InputError as exc:
        _fail(exc)


def _lock(path: Path | None):
    from ipcredit.reports.registry_file import locked

    return locked(path or default_registry_path())


@report_app.command("issue")
def issue_cmd(
    facts_file: FactsArg, output: OutOpt,
    meta: Annotated[Path, typer.Option("--meta", help="报告信息文件（必填）/ report metadata YAML")],
    report_number: Annotated[str | None, typer.Option("--number", help="报告编号（默认取自 --meta）")] = None,
    issue_date: DayOpt = None,
    certificate: Annotated[Path | None, typer.Option("--certificate", help="同时输出信用等级证书 PDF")] = None,
    docx: Annotated[Path | None, typer.Option("--docx", help="同时输出 Word 版本")] = None,
    sign_key: Annotated[Path | None, typer.Option("--sign-key", help="机构签名私钥（PEM）")] = None,
    sign_cert: Annotated[Path | None, typer.Option("--sign-cert", help="机构签名证书（PEM）")] = None,
    registry: RegistryOpt = None, model: ModelOpt = None, profile: ProfileOpt = None,
) -> None:
    """出具正式报告：生成、（可选）签名，并登记文件的 SHA-256 / Issue a formal report."""
    from ipcredit.reports.service import Format, Signing, issue, make_view, render
    from ipcredit.reports.verify import sha256_hex

    day = _day(issue_date, "--issue-date")
    if (sign_key is None) != (sign_cert is None):
        _fail(InputError(Problem("--sign-key", "--sign-key 与 --sign-cert 须同时给出 (give both or neither)")))
    signing = Signing(sign_key, sign_cert) if sign_key else None
    with _lock(registry):
        reg = _registry(registry)
        try:
            facts, rmeta, mdl = _load(facts_file, meta, model, profile)
            number = report_number or rmeta.report_number
            _check_unused(reg, number, rmeta.verification_code)
            on = day or rmeta.issue_date or dt.date.today()
            view = make_view(facts, rmeta.issued(report_number=number, issue_date=on, code=rmeta.verification_code),
                             mdl, profile)
            files = issue(view, reg, signing)
        except InputError as exc:
            _fail(exc)
        word = render(view, Format.docx) if docx else None
        if word is not None:
            reg.add_digest(files.record.verification_code, sha256_hex(word))
        reg.save()  # registered before written: no genuine-looking file that does not verify
    _write(output, files.report)
    if certificate:
        _write(certificate, files.certificate)
    if docx:
        _write(docx, word)
    rec = files.record
    typer.echo(f"已出具 (issued): {rec.report_number}  验证码 {rec.verification_code}  有效期至 {rec.valid_until}  → {output}")


def _check_unused(reg, number: str, code: str | None) -> None:
    if not number or number == "草稿":
        raise InputError(Problem("report_number", "正式报告须有报告编号 (an issued report needs a report number)"))
    if any(r.report_number == number for r in reg.records.values()):
        raise InputError(Problem("report_number", f"报告编号已被使用 (report number already issued: {number})"))
    if code and reg.by_code(code):
        raise InputError(Problem("verification_code", "验证码已被使用 (verification code already issued)"))


def _print_verdict(v, fmt: str) -> None:
    from ipcredit.reports.verify import VERDICT_TEXT

    rec, sig = v.record, v.signature
    if fmt == "json":
        out = {"verdict": v.verdict.value, "authentic": v.authentic, "sha256": v.sha256, "verification_code": v.code,
               "report_number": rec.report_number if rec else None,
               "valid_until": rec.valid_until.isoformat() if rec else None,
               "signature": None if sig is None else {"intact": sig.intact, "whole_file": sig.whole_file,
                                                      "trusted": sig.trusted, "signer": sig.signer}}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    typer.echo(f"核验结果 (verdict): {v.verdict.value} — {VERDICT_TEXT[v.verdict]}")
    if rec:
        typer.echo(f"报告编号 {rec.report_number}  受评对象 {rec.enterprise}  等级 {rec.grade}  "
                   f"出具 {rec.issue_date}  有效期至 {rec.valid_until}  验证码 {rec.verification_code}")
    typer.echo(f"SHA-256 {v.sha256}")
    if sig is not None:
        state = "有效" if sig.ok else "无效"
        trust = f"证书可信 {sig.trusted}" if sig.trust_checked else "未给出 --trust，未判断签名人是否可信"
        typer.echo(f"数字签名 (signature): {state} — 完整 {sig.intact}，覆盖全文 {sig.whole_file}，"
                   f"{trust}，签名人 {sig.signer}")


@report_app.command("verify")
def verify_cmd(
    file: Annotated[Path, typer.Argument(help="待核验的报告或证书 PDF")],
    trust: Annotated[list[Path] | None, typer.Option("--trust", help="信任的机构证书（PEM），可多次给出")] = None,
    on: DayOpt = None, registry: RegistryOpt = None,
    db: Annotated[bool, typer.Option("--db", help="按评价案件数据库核验（IPCREDIT_DATABASE_URL）")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """核验报告是否为未经改动的已出具报告，及其有效/过期/撤销状态 / Verify a report file.

    退出码 exit status: 0 有效 valid · 1 不真实或签名无效 not authentic · 3 已过期 expired ·
    4 已撤销/取消 revoked or cancelled · 2 输入错误 input error.
    """
    from ipcredit.reports.service import verify_file
    from ipcredit.reports.verify import Verdict

    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(InputError(Problem(str(file), f"无法读取文件 (cannot read: {exc.strerror})")))
    today = _day(on, "--on")
    if db:
        from ipcredit.db.cli_support import service
        from ipcredit.reports.case_source import DbReportRegistry

        with service() as uow:
            v = verify_file(data, DbReportRegistry(uow), today, list(trust or []))
    else:
        try:
            v = verify_file(data, _registry(registry), today, list(trust or []))
        except InputError as exc:
            _fail(exc)
    _print_verdict(v, fmt)
    if v.verdict in (Verdict.revoked, Verdict.cancelled):
        raise typer.Exit(EXIT_REVOKED)
    if v.verdict is Verdict.expired:
        raise typer.Exit(EXIT_EXPIRED)
    if not v.ok:
        raise typer.Exit(EXIT_NOT_AUTHENTIC)


@report_app.command("revoke")
def revoke_cmd(
    code: Annotated[str, typer.Argument(help="验证码 / verification code")],
    status: Annotated[str, typer.Option("--status", help="revoked（撤销）或 cancelled（取消）")] = "revoked",
    registry: RegistryOpt = None,
) -> None:
    """撤销或取消已出具报告（§6.3、§6.4）/ Revoke or cancel an issued report."""
    from ipcredit.reports.meta import normalize_code
    from ipcredit.reports.verify import Status

    if status not in ("revoked", "cancelled"):
        _fail(InputError(Problem("--status", f"应为 revoked 或 cancelled (not {status!r})")))
    with _lock(registry):
        reg = _registry(registry)
        rec = reg.by_code(code)
        if rec is None:
            _fail(InputError(Problem(code, "没有该验证码对应的已出具报告 (no issued report with this code)")))
        reg.set_status(rec.verification_code, Status(status))
        reg.save()
    typer.echo(f"{rec.report_number}（{normalize_code(code)}）状态已改为 {status}")
