"""The report's view model: one object, every text already formatted, shared by HTML and DOCX.

Built from an `Evaluation`, its `WhatIf` and the `ReportMeta`; holds no I/O and no layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import segno

from ipcredit.reports.charts import Bar, bars_svg, radar_svg
from ipcredit.reports.meta import REPORT_NAME, STANDARD, ReportMeta
from ipcredit.reports.outlook import Outlook, build_outlook
from ipcredit.standard.decimals import fmt_number, fmt_score
from ipcredit.standard.engine import Evaluation
from ipcredit.standard.model import Grade
from ipcredit.standard.whatif import WhatIf

LEGAL_STATEMENT = "信用服务机构对本报告内容的真实性和合法性承担法律责任。"
STATEMENTS = (  # §5.4.5 重要说明, in the standard's order
    "本信用服务机构、知识产权信用评价人员与受评对象不存在任何影响信用评价行为独立、客观、公正的关联关系；",
    "本信用服务机构、知识产权信用评价人员已履行尽职调查和诚信义务；",
    "知识产权信用评价结果未因受评对象或其他任何组织、个人的影响而改变；",
    "知识产权信用评价报告供使用人在特定领域作为判断受评对象信用状况的证明；",
    "知识产权信用评价报告供使用人向社会及使用者提供商业决策使用；",
    "知识产权信用评价报告有效期为三年；",
    "法律责任：信用服务机构对本知识产权信用评价报告内容的真实性和合法性承担法律责任。",
)
DRAFT_MARK = "草稿 / 非正式报告"
STATUS_LABELS = {"verified": "已核实", "unverified": "未核实", "rejected": "已驳回"}


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    name: str
    points: str
    full: str
    reason: str


@dataclass(frozen=True)
class DimensionBlock:
    id: str
    name: str
    raw: str
    raw_max: str
    score: str
    max: str
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass(frozen=True)
class RecordRow:
    no: int
    date: str
    rule: str
    title: str
    status: str
    points: str
    reason: str


@dataclass(frozen=True)
class ReportView:
    meta: ReportMeta
    draft: bool
    title: str
    enterprise: str
    credit_code: str
    grade: str
    grade_label: str
    grade_description: str
    total: str
    cover: list[tuple[str, str]]
    opinions: list[str]
    overview: list[tuple[str, str]]
    dimensions: list[DimensionBlock]
    behaviour: DimensionBlock
    records: list[RecordRow]
    outlook: Outlook
    statements: tuple[str, ...]
    radar_svg: str
    bars_svg: str
    qr_svg: str | None
    verify_url: str | None
    verification_code: str | None
    model_line: str
    legal_statement: str = LEGAL_STATEMENT
    draft_mark: str = DRAFT_MARK
    panel_note: str | None = None


def _blocks(ev: Evaluation) -> list[DimensionBlock]:
    out = []
    for d in ev.dimensions:
        rows = [IndicatorRow(i.id, i.name, fmt_score(i.points), fmt_number(i.max), i.reason)
                for i in ev.indicators if i.dimension == d.id]
        out.append(DimensionBlock(d.id, d.name, fmt_score(d.raw), fmt_number(d.raw_max),
                                  fmt_score(d.score), fmt_number(d.max), rows))
    return out


def _records(ev: Evaluation) -> list[RecordRow]:
    rows = []
    for r in ev.records:
        rec = r.record
        sign = "+" if r.points > 0 else ""
        rows.append(RecordRow(r.index + 1, rec.date.isoformat(),
                              f"{r.rule.id} {r.rule.name}", rec.title or rec.reason or "—",
                              STATUS_LABELS.get(rec.status, rec.status),
                              (sign + fmt_number(r.points)) if r.counted else "不计", r.reason))
    return rows


def _cover(ev: Evaluation, meta: ReportMeta) -> list[tuple[str, str]]:
    validity = (f"{cn_date(meta.issue_date)} 至 {cn_date(meta.valid_until)}" if meta.issue_date and not meta.draft
                else "草稿无有效期（非正式报告）")
    return [
        ("报告名称", REPORT_NAME),
        ("报告编号", meta.report_number or "—"),
        ("执行标准", STANDARD),
        ("受评对象名称", ev.facts.enterprise.name),
        ("统一社会信用代码", ev.facts.enterprise.credit_code),
        ("信用服务机构名称", meta.agency.name),
        ("信用服务机构备案证号", meta.agency.filing_number or "—"),
        ("报告出具时间", cn_date(meta.issue_date)),
        ("知识产权信用评价人员", "、".join(meta.evaluators) or "—"),
        ("报告有效期限", validity),
        ("知识产权信用等级", f"{ev.grade.grade}（{ev.grade.label}）"),
        ("评价总分", f"{fmt_score(ev.total)} 分（满分 100 分）"),
    ]


def _overview(ev: Evaluation, meta: ReportMeta) -> list[tuple[str, str]]:
    ent = ev.facts.enterprise
    rows = [("企业名称", ent.name), ("统一社会信用代码", ent.credit_code)]
    if ent.industry:
        rows.append(("所属行业", ent.industry))
    if ent.annual_revenue_wan is not None:
        rows.append(("上年营业收入", f"{fmt_number(ent.annual_revenue_wan)} 万元"))
    rows += [("评价日", ev.facts.evaluation_date.isoformat()), ("评价基准日", ev.base_date.isoformat())]
    if meta.purpose:
        rows.append(("评价目的及应用领域", meta.purpose))
    return rows


def _qr(meta: ReportMeta) -> str | None:
    if not meta.verify_url or meta.draft:
        return None
    return segno.make(meta.verify_url, error="m").svg_inline(scale=3, border=1, dark="#1f2d3d")


def panel_note(computed: Grade, decided: Grade, reasons: str) -> str:
    return (f"评审委员会决议等级为 {decided.grade}（{decided.label}），与按得分对应的等级 {computed.grade} 不同"
            f"（§5.3.7）；理由：{reasons or '见评审记录'}")


def build_view(ev: Evaluation, wi: WhatIf, meta: ReportMeta, behaviour_id: str = "behavior",
               decided: Grade | None = None, panel_reasons: str = "") -> ReportView:
    """The view of one report; ``decided`` is the review panel's grade when it differs (§5.3.7)."""
    outlook = build_outlook(ev, wi, behaviour_id)
    blocks = _blocks(ev)
    main = [b for b in blocks if b.id != behaviour_id]
    beh = next(b for b in blocks if b.id == behaviour_id)
    opinions = list(meta.opinions) or [outlook.summary] + outlook.strengths[:1] + outlook.weaknesses[:1]
    note = None
    if decided is not None and decided.grade != ev.grade.grade:
        note = panel_note(ev.grade, decided, panel_reasons)
        opinions.insert(0, note)
        ev = replace(ev, grade=decided)
    return ReportView(
        meta=meta, draft=meta.draft, title=REPORT_NAME, enterprise=ev.facts.enterprise.name,
        credit_code=ev.facts.enterprise.credit_code, grade=ev.grade.grade, grade_label=ev.grade.label,
        grade_description=ev.grade.description, total=fmt_score(ev.total),
        cover=_cover(ev, meta), opinions=opinions, overview=_overview(ev, meta), dimensions=main, behaviour=beh,
        records=_records(ev), outlook=outlook, statements=STATEMENTS,
        radar_svg=radar_svg([(d.name, d.score, d.max) for d in ev.dimensions]),
        bars_svg=bars_svg([Bar(f"{i.id} {i.name}", i.points, i.max) for i in ev.indicators]),
        qr_svg=_qr(meta), verify_url=None if meta.draft else meta.verify_url,
        verification_code=None if meta.draft else meta.verification_code,
        panel_note=note,
        model_line=f"{ev.model_id} {ev.model_version}（口径 {ev.profile}，模型指纹 {ev.model_hash[:12]}）",
    )
