"""Readable Chinese tables for the terminal (Rich)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from ipcredit.standard.decimals import fmt_number, round2
from ipcredit.standard.engine import Evaluation
from ipcredit.standard.model import FlagRule, Model, RatioAverageRule, StepRule, SumRule
from ipcredit.standard.whatif import WhatIf

GRADE_STYLE = {"AAA": "bold green", "AA": "bold cyan", "A": "bold yellow"}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _num(value) -> str:
    return f"{round2(value):.2f}"


def print_evaluation(ev: Evaluation) -> None:
    con = _console()
    ent = ev.facts.enterprise
    style = GRADE_STYLE.get(ev.grade.grade, "bold")
    con.print(Panel.fit(
        f"[bold]{ent.name}[/]  统一社会信用代码 {ent.credit_code}\n"
        f"评价日 {ev.facts.evaluation_date}  评价基准日 {ev.base_date}\n"
        f"模型 {ev.model_id} {ev.model_version}  口径 {ev.profile}\n"
        f"总分 [bold]{_num(ev.total)}[/]  信用等级 [{style}]{ev.grade.grade}（{ev.grade.label}）[/]\n"
        f"[dim]{ev.grade.description}[/]",
        title="企业知识产权信用评价结果", border_style="blue",
    ))
    dims = Table(title="维度得分", show_lines=False)
    for col, justify in (("维度", "left"), ("原始分", "right"), ("得分", "right"), ("满分", "right")):
        dims.add_column(col, justify=justify)
    for d in ev.dimensions:
        dims.add_row(d.name, f"{fmt_number(d.raw)} / {fmt_number(d.raw_max)}", _num(d.score), fmt_number(d.max))
    dims.add_row("[bold]合计[/]", "", f"[bold]{_num(ev.total)}[/]", "100")
    con.print(dims)
    ind = Table(title="指标得分与理由", show_lines=True)
    ind.add_column("指标", no_wrap=True)
    ind.add_column("得分", justify="right", no_wrap=True)
    ind.add_column("理由")
    for i in ev.indicators:
        ind.add_row(i.id, f"{fmt_number(i.points)} / {fmt_number(i.max)}", i.reason)
    con.print(ind)
    if ev.records:
        rec = Table(title="信用行为记录（起始 60 分）", show_lines=True)
        rec.add_column("#", justify="right")
        rec.add_column("规则", no_wrap=True)
        rec.add_column("增减", justify="right", no_wrap=True)
        rec.add_column("说明")
        for r in ev.records:
            sign = "+" if r.points > 0 else ""
            rec.add_row(str(r.index + 1), r.rule.id, f"{sign}{fmt_number(r.points)}" if r.counted else "不计", r.reason)
        con.print(rec)
    else:
        con.print("信用行为记录：无记录，保持起始分 60。")


def print_what_if(w: WhatIf) -> None:
    con = _console()
    ev = w.evaluation
    if w.next_grade is None:
        con.print(f"当前总分 {_num(ev.total)}，等级 {ev.grade.grade}，已是最高等级。以下改变仍可提高得分：")
    else:
        con.print(f"当前总分 {_num(ev.total)}，等级 {ev.grade.grade}；距 {w.next_grade.grade}（≥{fmt_number(w.next_grade.min)}）还差 {_num(w.gap)} 分。")
    table = Table(title="可提高得分的改变（按总分增益排序）", show_lines=False)
    for col in ("指标", "改变", "效果", "总分增益"):
        table.add_column(col)
    for s in w.suggestions:
        table.add_row(s.target, s.change, s.effect, f"+{_num(s.gain)}")
    con.print(table if w.suggestions else "没有可提高得分的单项改变。")
    if w.next_grade is not None:
        if w.plan_reaches:
            con.print(f"\n[bold]升至 {w.next_grade.grade} 的一条路径[/]（依次实施）：")
        else:
            con.print(f"\n仅靠上述改变无法升至 {w.next_grade.grade}；最多可做到：")
        for n, s in enumerate(w.plan, 1):
            con.print(f"  {n}. {s.change} → {s.effect}，总分 {_num(s.new_total)}（{s.new_grade}）")


def _rule_text(rule) -> str:
    if isinstance(rule, StepRule):
        rows = " · ".join(f"{r.text('')}→{fmt_number(r.points)}" for r in rule.table)
        return f"{rule.label}（{rule.unit}）: {rows}"
    if isinstance(rule, FlagRule):
        return f"{rule.label}: {fmt_number(rule.points)}"
    if isinstance(rule, RatioAverageRule):
        if rule.target is not None:
            target = f"{fmt_number(rule.target * 100)}%"
        else:
            tb = rule.target_by
            target = "，".join(
                (f"≤{fmt_number(b.up_to)}{tb.unit}: " if b.up_to is not None else "其余: ") + f"{fmt_number(b.target * 100)}%"
                for b in tb.bands
            ) + f"，未知: {fmt_number(tb.unknown * 100)}%"
        return f"{rule.label}: {fmt_number(rule.points)} × min(平均/目标, 1)，目标 {target}"
    assert isinstance(rule, SumRule)
    gate = f"[前提: {rule.gate_label}] " if rule.gate is not None else ""
    return gate + "\n".join("+ " + _rule_text(p) for p in rule.parts)


def print_model(model: Model) -> None:
    con = _console()
    con.print(Panel.fit(
        f"[bold]{model.title}[/] {model.standard}\n模型 {model.id} {model.version}\n{model.content_hash}",
        title="评价模型", border_style="blue",
    ))
    prof = Table(title="口径（维度分值）")
    prof.add_column("口径")
    for dim_id in model.dimension_ids():
        prof.add_column(dim_id, justify="right")
    prof.add_column("说明")
    for name, p in model.profiles.items():
        mark = "（默认）" if name == model.default_profile else ""
        prof.add_row(f"{name}{mark}", *[fmt_number(p.dimensions[d]) for d in model.dimension_ids()], p.note)
    con.print(prof)
    for dim in model.dimensions:
        t = Table(title=f"{dim.name}（原始满分 {fmt_number(dim.raw_max)}）", show_lines=True)
        t.add_column("指标", no_wrap=True)
        t.add_column("满分", justify="right")
        t.add_column("评价内容")
        t.add_column("计分规则")
        for ind in dim.indicators:
            t.add_row(ind.id, fmt_number(ind.full), ind.name, _rule_text(ind.rule))
        con.print(t)
    b = model.behavior
    t = Table(title=f"{b.name}（起始 {fmt_number(b.start)} 分，保持在 [{fmt_number(b.floor)}, {fmt_number(b.ceiling)}]）", show_lines=False)
    for col in ("规则", "记录", "增减", "纳入期限", "计次"):
        t.add_column(col)
    for r in b.rules:
        adj = "评价人员酌定 0–10/项" if r.adjustment == "from_record" else f"{'+' if r.adjustment > 0 else ''}{fmt_number(r.adjustment)}"
        if r.max_deduction is not None:
            adj += f"，合计不超过 {fmt_number(r.max_deduction)}"
        count = "每项" if r.count == "each" else "一次" + (f"（{','.join(r.unless)} 适用时不计）" if r.unless else "")
        t.add_row(r.id, r.name, adj, f"近 {r.window_years or b.default_window_years} 年", count)
    t.add_row("P", "信用修复证明", "抵扣对应减分，不超过该减分", "修复日不晚于评价日", "每项")
    con.print(t)
    g = Table(title="信用等级（附录 B）")
    for col in ("等级", "计分范围", "信用提示", "释义"):
        g.add_column(col)
    for gr in sorted(model.grades, key=lambda x: -x.min):
        g.add_row(gr.grade, f"≥{fmt_number(gr.min)}", gr.label, gr.description)
    con.print(g)
