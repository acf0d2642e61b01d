"""``ipcredit case``: run a case from application to archive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcredit.db.cli_support import ActorOpt, OnOpt, actor_name, day, out, service

case_app = typer.Typer(help="评价案件 / Evaluation cases (§5.3).", no_args_is_help=True)
Reason = Annotated[str, typer.Option("--reason", help="理由 / reason")]


@case_app.command("apply")
def apply(agency_id: int, credit_code: str, name: str, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """企业申请评价 / An enterprise applies."""
    from ipcredit.cases.service import apply_for_evaluation

    with service() as uow:
        case_id = apply_for_evaluation(uow, agency_id, credit_code, name, actor_name(actor), day(on))
    typer.echo(f"案件 {case_id} 已受理申请 (case opened)")


@case_app.command("reject")
def reject(case_id: int, reason: Reason, actor: ActorOpt = None) -> None:
    """不予受理 / Refuse the application."""
    from ipcredit.cases.service import reject_application

    with service() as uow:
        reject_application(uow, case_id, actor_name(actor), reason)
    typer.echo(f"案件 {case_id} 不予受理 (rejected)")


@case_app.command("contract")
def contract(case_id: int, contract_no: str, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """签订评价合同 / Sign the evaluation contract."""
    from ipcredit.cases.service import sign_contract

    with service() as uow:
        sign_contract(uow, case_id, contract_no, actor_name(actor), day(on))
    typer.echo(f"案件 {case_id} 已签约 (contracted)")


@case_app.command("assign")
def assign(case_id: int, person_id: int,
           role: Annotated[str, typer.Option(help="lead 项目负责人 / evaluator 评价人员")] = "evaluator",
           on: OnOpt = None, actor: ActorOpt = None) -> None:
    """指派项目组成员 / Assign a team member."""
    from ipcredit.cases.service import assign_member

    with service() as uow:
        assign_member(uow, case_id, person_id, role, actor_name(actor), day(on))
    typer.echo(f"人员 {person_id} 已指派为 {role} (assigned)")


@case_app.command("prepare")
def prepare(case_id: int, plan: Annotated[str, typer.Option(help="评价工作方案")], actor: ActorOpt = None) -> None:
    """进入评价准备 / Start preparation with a work plan."""
    from ipcredit.cases.service import start_preparing

    with service() as uow:
        start_preparing(uow, case_id, actor_name(actor), plan)
    typer.echo(f"案件 {case_id}: preparing")


@case_app.command("collect")
def collect(case_id: int, actor: ActorOpt = None) -> None:
    """开始信息收集 / Start collecting facts."""
    from ipcredit.cases.service import start_collecting

    with service() as uow:
        start_collecting(uow, case_id, actor_name(actor))
    typer.echo(f"案件 {case_id}: collecting")


@case_app.command("facts-import")
def facts_import(case_id: int, file: Path, source: Annotated[str, typer.Option(help="信息来源")],
                 collected: Annotated[str | None, typer.Option(help="采集日期 YYYY-MM-DD")] = None,
                 actor: ActorOpt = None) -> None:
    """导入事实文件（facts-v1）/ Collect the facts of a file, one entry per field and record."""
    from ipcredit.cases.collection import import_facts
    from ipcredit.yamlio import load_file

    with service() as uow:
        count = import_facts(uow, case_id, load_file(file), source, day(collected, "--collected"), actor_name(actor))
    typer.echo(f"已收集 {count} 项事实 (facts collected)")


@case_app.command("facts-derive")
def facts_derive(case_id: int, records: Annotated[Path, typer.Argument(help="原始记录目录或文件（见 ipcredit facts）")],
                 evaluation_date: Annotated[str | None, typer.Option("--evaluation-date", help="评价日 E（默认今天）")] = None,
                 collected: Annotated[str | None, typer.Option(help="采集日期")] = None,
                 actor: ActorOpt = None) -> None:
    """由原始知识产权记录推导并收集事实 / Collect facts derived from raw IP records."""
    from ipcredit.cases.collection import import_derived_facts

    with service() as uow:
        count = import_derived_facts(uow, case_id, records, day(evaluation_date, "--evaluation-date"),
                                     day(collected, "--collected"), actor_name(actor))
    typer.echo(f"已由原始记录收集 {count} 项事实 (facts collected)")


@case_app.command("fact-set")
def fact_set(case_id: int, path: str, value: str, source: Annotated[str, typer.Option(help="信息来源")],
             collected: Annotated[str | None, typer.Option(help="采集日期")] = None, actor: ActorOpt = None) -> None:
    """设置一项事实（值为 JSON 或文本）/ Set one fact."""
    from ipcredit.cases.collection import set_fact
    from ipcredit.cases.facts_document import parse_value

    with service() as uow:
        set_fact(uow, case_id, path, parse_value(value), source, day(collected, "--collected"), actor_name(actor))
    typer.echo(f"{path} 已更新，待核实 (set, to be verified)")


@case_app.command("fact-verify")
def fact_verify(case_id: int, path: Annotated[str, typer.Argument(help="事实路径；'*' 表示全部未核实事实")],
                status: Annotated[str, typer.Option(help="verified 已核实 / unverifiable 无法核实")] = "verified",
                note: Annotated[str | None, typer.Option(help="核实方式或无法核实的理由")] = None,
                actor: ActorOpt = None) -> None:
    """核实事实 / Verify a fact, or every pending fact with PATH '*' (one transaction)."""
    from ipcredit.cases.collection import verify_fact, verify_pending_facts

    with service() as uow:
        if path == "*":
            if status != "verified" or not note:
                typer.echo("'*' 只能批量标记为 verified，且须用 --note 写明核实方式", err=True)
                raise typer.Exit(2)
            count = verify_pending_facts(uow, case_id, actor_name(actor), note)
        else:
            verify_fact(uow, case_id, path, status, actor_name(actor), note)
            count = 1
    typer.echo(f"已核实 {count} 项 (verified)")


@case_app.command("evidence-add")
def evidence_add(case_id: int, path: str, file: Path, actor: ActorOpt = None) -> None:
    """附证据文件 / Attach an evidence file to a fact."""
    from ipcredit.cases.collection import attach_evidence

    if not file.is_file():
        typer.echo(f"{file}: 文件不存在 (no such file)", err=True)
        raise typer.Exit(2)
    with service() as uow:
        digest = attach_evidence(uow, case_id, path, file.read_bytes(), file.name, actor_name(actor))
    typer.echo(f"证据已保存 sha256:{digest}")


@case_app.command("evidence-get")
def evidence_get(sha256: str, dest: Path) -> None:
    """取出证据文件（校验和核对）/ Read an evidence file, checksum verified."""
    from ipcredit.cases.collection import read_evidence

    with service() as uow:
        dest.write_bytes(read_evidence(uow, sha256))
    typer.echo(f"已写出 {dest}")


@case_app.command("interview")
def interview(case_id: int, place: str, interviewer: str, interviewees: str, summary: str,
              sign: Annotated[list[str], typer.Option(help="签字: 姓名:interviewer|interviewee，可重复")],
              on: OnOpt = None, actor: ActorOpt = None) -> None:
    """记录现场访谈（含签字）/ Record a signed site-visit interview."""
    from ipcredit.cases.collection import record_interview
    from ipcredit.cases.domain import Signature

    held = day(on)
    sigs = []
    for item in sign:
        name, _, role = item.rpartition(":")
        sigs.append(Signature(name, role, held))
    with service() as uow:
        iid = record_interview(uow, case_id, held, place, interviewer, interviewees, summary, sigs, actor_name(actor))
    typer.echo(f"访谈记录 {iid} 已保存")


@case_app.command("draft")
def draft(case_id: int, actor: ActorOpt = None) -> None:
    """收集完成，评分并起草报告 / Score the facts and move to drafting."""
    from ipcredit.cases.collection import draft_report

    with service() as uow:
        sc = draft_report(uow, case_id, actor_name(actor))
    typer.echo(f"初稿评分 {sc.total} 分，等级 {sc.grade}（评分记录 {sc.id}，模型 {sc.model_id} {sc.model_version}）")


@case_app.command("reopen")
def reopen(case_id: int, reason: Reason, actor: ActorOpt = None) -> None:
    """退回信息收集 / Back to collecting."""
    from ipcredit.cases.service import reopen_collection

    with service() as uow:
        reopen_collection(uow, case_id, actor_name(actor), reason)
    typer.echo(f"案件 {case_id}: collecting")


@case_app.command("cancel")
def cancel(case_id: int, reason: Reason, actor: ActorOpt = None) -> None:
    """取消案件 / Cancel the case."""
    from ipcredit.cases.service import cancel_case

    with service() as uow:
        cancel_case(uow, case_id, actor_name(actor), reason)
    typer.echo(f"案件 {case_id}: cancelled")


@case_app.command("issue")
def issue(case_id: int, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """出具报告（编号、有效期、验证码、归档）/ Issue the report."""
    from ipcredit.issuance.service import issue_report

    with service() as uow:
        r = issue_report(uow, case_id, actor_name(actor), day(on))
    typer.echo(f"报告 {r.number}（编号 {r.id}）等级 {r.grade}，有效期至 {r.valid_until}，验证码 {r.verification_code}")


@case_app.command("deliver")
def deliver(report_id: int, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """记录报告送达 / Record delivery to the enterprise."""
    from ipcredit.issuance.service import deliver_report

    with service() as uow:
        deliver_report(uow, report_id, day(on), actor_name(actor))
    typer.echo(f"报告 {report_id} 已送达 (delivered)")


@case_app.command("verify")
def verify(code: str, on: OnOpt = None) -> None:
    """按验证码查验报告真伪与状态 / Verify a report by its code."""
    from ipcredit.issuance.service import verify_report

    with service() as uow:
        out(verify_report(uow, code, day(on)))


@case_app.command("archive")
def archive(case_id: int, on: OnOpt = None, actor: ActorOpt = None) -> None:
    """结案归档 / Close the case into the archive."""
    from ipcredit.archive.service import close_case

    with service() as uow:
        close_case(uow, case_id, actor_name(actor), day(on))
    typer.echo(f"案件 {case_id}: archived")


@case_app.command("show")
def show(case_id: int) -> None:
    """案件概况、事实、时间线 / Show a case."""
    from ipcredit.archive.service import archive_records
    from ipcredit.cases.collection import facts_listing
    from ipcredit.cases.service import case_summary, case_timeline

    with service() as uow:
        out({"case": case_summary(uow, case_id), "facts": facts_listing(uow, case_id),
             "timeline": case_timeline(uow, case_id), "archive": archive_records(uow, case_id)})


@case_app.command("timeline")
def timeline(case_id: int) -> None:
    """案件时间线 / The case timeline."""
    from ipcredit.cases.service import case_timeline

    with service() as uow:
        rows = case_timeline(uow, case_id)
    for e in rows:
        move = f"{e['from']} → {e['to']}" if e["from"] != e["to"] else (e["to"] or "")
        typer.echo(f"{e['at']}  {e['actor']:<10} {e['action']:<22} {move:<24} {e['reason'] or ''}")


@case_app.command("list")
def list_cmd(agency: Annotated[int | None, typer.Option(help="机构编号")] = None) -> None:
    """列出案件 / List cases."""
    from ipcredit.cases.service import list_cases

    with service() as uow:
        out(list_cases(uow, agency))


@case_app.command("reproduce")
def reproduce(scoring_id: int) -> None:
    """重算一次存档评分并比对 / Re-run a stored scoring; exit 1 if it differs."""
    from ipcredit.cases.collection import reproduce_scoring

    with service() as uow:
        result = reproduce_scoring(uow, scoring_id)
    out(result)
    if not result["reproducible"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")
