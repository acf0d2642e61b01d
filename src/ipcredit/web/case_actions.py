"""The actions a case page offers, as data: who may (permission), in which states, with
which fields, and the service call each makes. Each call goes through the workflow's
services (one unit of work, one commit, a timeline entry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import RuleViolation
from ipcredit.errors import InputError
from ipcredit.web.uploads import safe_filename


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"          # text | date | textarea | file | select | people:<kind> | check
    options: tuple[tuple[str, str], ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    permission: str
    states: tuple[str, ...]
    run: Callable[..., Any]
    fields: tuple[Field, ...] = ()
    needs_panel_seat: bool = False
    done: str = "已完成"


@dataclass
class Ctx:
    """What an action runs with: the unit of work, the case, the form, the user, the day."""

    uow: Any
    case_id: int
    form: dict[str, Any]
    user: CurrentUser
    on: dt.date
    files: dict[str, bytes] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)

    @property
    def actor(self) -> str:
        return self.user.display_name

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def number(self, name: str) -> int:
        try:
            return int(self.text(name))
        except ValueError:
            raise RuleViolation(f"请选择{name} (choose one)") from None


def _cases():
    from ipcredit.cases import service
    return service


def _collection():
    from ipcredit.cases import collection
    return collection


def _open_panel_id(c: Ctx) -> int:
    from sqlalchemy import select

    from ipcredit.reviews.models import Panel

    pid = c.uow.s.scalars(select(Panel.id).where(Panel.case_id == c.case_id, Panel.status == "open")
                          .order_by(Panel.id.desc())).first()
    if pid is None:
        raise RuleViolation("本案没有正在表决的评审委员会 (no open panel)")
    return pid


def _import_facts(c: Ctx) -> None:
    from ipcredit.yamlio import loads

    raw = c.files.get("facts_file")
    if not raw:
        raise RuleViolation("请选择事实文件（YAML 或 JSON）(choose a facts file)")
    try:
        doc = loads(raw.decode("utf-8-sig"), "facts_file")
    except UnicodeDecodeError:
        raise RuleViolation("事实文件不是 UTF-8 文本 (not UTF-8)") from None
    _collection().import_facts(c.uow, c.case_id, doc, c.text("source") or "企业提交材料", c.on, c.actor)


def _import_records(c: Ctx) -> None:
    """Record tables (the facts slice's XLSX template) → facts at the base date → collected."""
    import tempfile
    from pathlib import Path

    from ipcredit.cases.repository import get_case
    from ipcredit.facts.service import derive_for

    raw = c.files.get("records_file")
    if not raw:
        raise RuleViolation("请选择记录表工作簿（.xlsx）(choose a workbook)")
    code = get_case(c.uow.s, c.case_id).enterprise.credit_code
    evaluation_date = c.text("evaluation_date") or c.on.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        name = safe_filename(c.filenames.get("records_file"), "records.xlsx")
        path = Path(tmp) / (name if name.lower().endswith(".xlsx") else "records.xlsx")
        path.write_bytes(raw)
        derivation, _facts = derive_for(path, code, evaluation_date, None)
    source = c.text("source") or "记录表导入"
    _collection().import_facts(c.uow, c.case_id, derivation.document, source, c.on, c.actor)


MAX_EVIDENCE = 20_000_000


def _attach_evidence(c: Ctx) -> None:
    raw = c.files.get("evidence_file")
    if not raw:
        raise RuleViolation("请选择证据文件 (choose a file)")
    if len(raw) > MAX_EVIDENCE:
        raise RuleViolation(f"证据文件超过 {MAX_EVIDENCE // 1_000_000} MB (file too large)")
    name = safe_filename(c.filenames.get("evidence_file"), "evidence")
    _collection().attach_evidence(c.uow, c.case_id, c.text("path"), raw, name, c.actor)


def _verify_fact(c: Ctx) -> None:
    _collection().verify_fact(c.uow, c.case_id, c.text("path"), c.text("status"), c.actor, c.text("note") or None)


def _interview(c: Ctx) -> None:
    from ipcredit.cases.domain import Signature

    sigs = [Signature(c.text("interviewer"), "interviewer", c.on), Signature(c.text("interviewees"), "interviewee", c.on)]
    _collection().record_interview(c.uow, c.case_id, c.on, c.text("place"), c.text("interviewer"),
                                   c.text("interviewees"), c.text("summary"), sigs, c.actor)


def _form_panel(c: Ctx) -> None:
    from ipcredit.cases.repository import get_case

    lead = next((m.person_id for m in get_case(c.uow.s, c.case_id).members if m.role == "lead"), None)
    if lead is None:
        raise RuleViolation("本案没有项目负责人 (no project lead)")
    members = [(lead, "lead")] + [(c.number(f"reviewer{i}"), "reviewer") for i in (1, 2)] + \
              [(c.number(f"expert{i}"), "expert") for i in (1, 2)]
    from ipcredit.reviews.service import form_panel

    form_panel(c.uow, c.case_id, members, c.actor, c.on)


def _vote(c: Ctx) -> None:
    from ipcredit.reviews.service import cast_vote, get_panel, sign_confidentiality

    if c.user.person_id is None:
        raise RuleViolation("您的账户未关联评审人员，不能表决 (account is not a panel member)")
    pid = _open_panel_id(c)
    member = next((m for m in get_panel(c.uow.s, pid).members if m.person_id == c.user.person_id), None)
    if member is None:
        raise RuleViolation("您不是本案评审委员会成员 (not on this panel)", "§5.3.7")
    if member.confidentiality_signed_on is None:
        if c.form.get("confidentiality") != "on":
            raise RuleViolation("须先勾选并签署保密承诺 (sign confidentiality first)", "§5.3.7")
        sign_confidentiality(c.uow, pid, c.user.person_id, c.on, c.actor)
    cast_vote(c.uow, pid, c.user.person_id, c.text("choice"), c.actor, c.text("comment") or None)


def _decide(c: Ctx) -> None:
    from ipcredit.reviews.service import decide

    decide(c.uow, _open_panel_id(c), c.actor, c.text("reasons") or None)


def _issue(c: Ctx) -> None:
    from ipcredit.issuance.service import issue_report

    issue_report(c.uow, c.case_id, c.actor, c.on)


def _deliver(c: Ctx) -> None:
    from ipcredit.issuance.service import deliver_report
    from ipcredit.reports.case_source import latest_report_of_case

    deliver_report(c.uow, latest_report_of_case(c.uow.s, c.case_id).id, c.on, c.actor)


def _value(text: str) -> Any:
    """A corrected fact value as typed: a number, true/false, or text (YAML scalar rules)."""
    from ipcredit.yamlio import loads

    if not text:
        return None
    value = loads(text, "value", "yaml")
    if isinstance(value, (dict, list)):
        raise RuleViolation("更正后的信息应为一个值 (a single value)")
    return value


def _conclude(c: Ctx) -> None:
    from ipcredit.objections.service import conclude_information_objection

    conclude_information_objection(c.uow, c.number("objection_id"), c.text("outcome"), c.text("reasons"),
                                   c.actor, c.on, _value(c.text("value")))


def _reevaluate(c: Ctx) -> None:
    from ipcredit.objections.service import reevaluate

    reevaluate(c.uow, c.number("objection_id"), c.text("reasons"), c.actor, c.on)


OUTCOME_OPTIONS = (("confirmed", "维持（信息无误）"), ("corrected", "更正"), ("unverifiable", "无法核实，审慎处理"))
GRADES = (("AAA", "AAA"), ("AA", "AA"), ("A", "A"), ("return", "退回起草"))
ROLE_OPTIONS = (("lead", "项目负责人"), ("evaluator", "评价人员"))

ACTIONS: tuple[Action, ...] = (
    Action("contract", "签订评价合同", "case.manage", ("applied",),
           lambda c: _cases().sign_contract(c.uow, c.case_id, c.text("contract_no"), c.actor, c.on),
           (Field("contract_no", "合同编号"),), done="合同已签订"),
    Action("reject", "不予受理", "case.manage", ("applied",),
           lambda c: _cases().reject_application(c.uow, c.case_id, c.actor, c.text("reason")),
           (Field("reason", "理由", "textarea"),), done="已不予受理"),
    Action("assign", "指派项目组成员", "case.manage", ("contracted", "preparing", "collecting", "drafting"),
           lambda c: _cases().assign_member(c.uow, c.case_id, c.number("person_id"), c.text("role"), c.actor, c.on),
           (Field("person_id", "评价人员", "people:evaluator"), Field("role", "角色", "select", ROLE_OPTIONS)),
           done="已指派"),
    Action("prepare", "进入评价准备", "case.manage", ("contracted",),
           lambda c: _cases().start_preparing(c.uow, c.case_id, c.actor, c.text("plan")),
           (Field("plan", "评价工作方案", "textarea"),), done="已进入评价准备"),
    Action("collect", "开始信息收集", "case.manage", ("preparing",),
           lambda c: _cases().start_collecting(c.uow, c.case_id, c.actor), done="已开始信息收集"),
    Action("import_facts", "导入事实文件", "case.collect", ("collecting",), _import_facts,
           (Field("facts_file", "facts-v1 文件（YAML/JSON）", "file"), Field("source", "来源", required=False)),
           done="事实已导入"),
    Action("import_records", "导入记录表（XLSX）", "case.collect", ("collecting",), _import_records,
           (Field("records_file", "记录表工作簿（按模板填写）", "file"), Field("evaluation_date", "评价日", "date"),
            Field("source", "来源", required=False)), done="记录表已导入，事实已按评价基准日生成"),
    Action("attach_evidence", "上传证据文件", "case.collect", ("collecting",), _attach_evidence,
           (Field("path", "对应事实", "fact"), Field("evidence_file", "证据文件（PDF、图片等，≤ 20 MB）", "file")),
           done="证据已上传"),
    Action("verify_fact", "核验单项事实", "case.collect", ("collecting",), _verify_fact,
           (Field("path", "事实", "fact"),
            Field("status", "核验结果", "select", (("verified", "已核实"), ("unverifiable", "无法核实（不计分）"))),
            Field("note", "核验说明（无法核实时必填）", required=False)), done="已记录核验结果"),
    Action("verify_all", "核验全部待核事实", "case.collect", ("collecting",),
           lambda c: _collection().verify_pending_facts(c.uow, c.case_id, c.actor, c.text("note")),
           (Field("note", "核验说明"),), done="事实已核验"),
    Action("interview", "记录现场访谈", "case.collect", ("collecting",), _interview,
           (Field("place", "地点"), Field("interviewer", "访谈人（签名）"), Field("interviewees", "受访人（签名）"),
            Field("summary", "访谈摘要", "textarea")), done="访谈记录已保存"),
    Action("draft", "完成收集，计分并起草报告", "case.collect", ("collecting",),
           lambda c: _collection().draft_report(c.uow, c.case_id, c.actor), done="已计分，进入报告起草"),
    Action("form_panel", "组成评审委员会", "case.manage", ("drafting",), _form_panel,
           (Field("reviewer1", "专业评审人员 1", "people:reviewer"), Field("reviewer2", "专业评审人员 2", "people:reviewer"),
            Field("expert1", "技术/行业专家 1", "people:expert"), Field("expert2", "技术/行业专家 2", "people:expert")),
           done="评审委员会已组成"),
    Action("vote", "签署保密承诺并表决", "panel.vote", ("in_review",), _vote,
           (Field("confidentiality", "本人已签署保密承诺，且与受评企业无利益关系", "check"),
            Field("choice", "表决意见", "select", GRADES), Field("comment", "意见说明", required=False)),
           needs_panel_seat=True, done="表决已记录"),
    Action("decide", "汇总表决，作出等级结论", "case.manage", ("in_review",), _decide,
           (Field("reasons", "理由（等级与初稿不同时必填）", "textarea", required=False),), done="评审结论已作出"),
    Action("issue", "出具报告", "case.manage", ("in_review",), _issue, done="报告已出具"),
    Action("deliver", "送达企业", "case.manage", ("issued",), _deliver, done="已送达"),
    Action("conclude_objection", "办结信息异议", "case.manage", ("issued",), _conclude,
           (Field("objection_id", "异议", "objection:information"), Field("outcome", "处理结果", "select", OUTCOME_OPTIONS),
            Field("value", "更正后的信息（仅更正）", required=False), Field("reasons", "理由", "textarea")),
           done="信息异议已办结，已通知企业"),
    Action("reevaluate", "复评（结果异议）", "case.manage", ("issued",), _reevaluate,
           (Field("objection_id", "异议", "objection:result"), Field("reasons", "复评结论与理由", "textarea")),
           done="复评完成，结果为最终结果"),
)
BY_NAME = {a.name: a for a in ACTIONS}


def allowed_actions(state: str, user: CurrentUser) -> list[Action]:
    return [a for a in ACTIONS if state in a.states and user.can(a.permission)]


def run_action(action: Action, ctx: Ctx) -> str | None:
    """Run it; the refusal message when a rule or the input refuses, else None."""
    try:
        action.run(ctx)
    except RuleViolation as exc:
        return str(exc)
    except InputError as exc:
        return "；".join(exc.lines())
    return None
