"""``ipcredit report case CASE_ID``: render an issued case's report from the workflow database
and store the delivered PDF's SHA-256 there (``report verify --db`` then checks files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcredit.errors import InputError, Problem
from ipcredit.reports.cli import OutOpt, _fail, _write, report_app


@report_app.command("case")
def case_cmd(
    case_id: Annotated[int, typer.Argument(help="已出具报告的案件编号 / id of an issued case")],
    output: OutOpt,
    fmt: Annotated[str, typer.Option("--format", help="pdf | docx | html")] = "pdf",
    certificate: Annotated[Path | None, typer.Option("--certificate", help="同时输出信用等级证书 PDF")] = None,
    meta: Annotated[Path | None, typer.Option("--meta", help="补充信息（主要观点、核验网址、印章）")] = None,
    sign_key: Annotated[Path | None, typer.Option("--sign-key", help="机构签名私钥（PEM）")] = None,
    sign_cert: Annotated[Path | None, typer.Option("--sign-cert", help="机构签名证书（PEM）")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="操作人 / who renders")] = None,
) -> None:
    """生成已出具案件的正式报告，并登记 PDF 的 SHA-256 / Render an issued case's report."""
    from ipcredit.db.cli_support import actor_name, service
    from ipcredit.reports.case_source import issued_case_view, store_pdf_digest
    from ipcredit.reports.meta import parse_meta
    from ipcredit.reports.service import Format, render, render_certificate
    from ipcredit.reports.sign import sign_pdf
    from ipcredit.reports.verify import sha256_hex
    from ipcredit.yamlio import load_file

    try:
        form = Format(fmt)
        extra = parse_meta(load_file(meta), meta.parent, str(meta)) if meta else None
    except ValueError:
        _fail(InputError(Problem("--format", f"应为 pdf、docx 或 html (unknown format {fmt!r})")))
    except InputError as exc:
        _fail(exc)
    if (sign_key is None) != (sign_cert is None):
        _fail(InputError(Problem("--sign-key", "--sign-key 与 --sign-cert 须同时给出 (give both or neither)")))
    with service() as uow:
        view, report_id = issued_case_view(uow, case_id, extra)
        from ipcredit.audit.service import record_read

        record_read(uow, "report", "issued_report", report_id, f"生成报告文件 {view.meta.report_number} (issued report rendered)", case_id)
        data = render(view, form)
        cert = render_certificate(view) if certificate else None
        if sign_key is not None and form is Format.pdf:
            data = sign_pdf(data, sign_key, sign_cert)
        if sign_key is not None and cert is not None:
            cert = sign_pdf(cert, sign_key, sign_cert)
        if form is Format.pdf:  # stored first: a failed write leaves no unregistered genuine file
            store_pdf_digest(uow, report_id, sha256_hex(data), actor_name(actor))
        _write(output, data)
        if cert is not None:
            _write(certificate, cert)
    typer.echo(f"报告 {view.meta.report_number}（验证码 {view.verification_code}）→ {output}"
               + ("，已登记 SHA-256" if form is Format.pdf else "（非 PDF 文件不登记 SHA-256）"))
