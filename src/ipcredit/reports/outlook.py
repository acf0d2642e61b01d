"""The forward-looking assessment (§5.4.3 综合评述), assembled from the scores.

Nothing here is invented: strengths are indicators at or near full marks, weaknesses are
indicators far from them and counted deductions, and "what would change the grade" comes
from the what-if analysis (each change scored by the engine) and from the margin above the
current grade's lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ipcredit.standard.decimals import fmt_number
from ipcredit.standard.engine import Evaluation
from ipcredit.standard.whatif import WhatIf

STRONG_SHARE = Decimal("0.8")
WEAK_SHARE = Decimal("0.5")
MAX_ITEMS = 5


@dataclass(frozen=True)
class Outlook:
    summary: str
    strengths: list[str]
    weaknesses: list[str]
    upgrade: list[str]
    downgrade: list[str]


def _share(points: Decimal, full: Decimal) -> Decimal:
    return points / full if full else Decimal(0)


def strengths(ev: Evaluation) -> list[str]:
    ranked = sorted((i for i in ev.indicators if i.max and _share(i.points, i.max) >= STRONG_SHARE),
                    key=lambda i: (-i.max, i.id))
    out = [f"{i.name}（{i.id}）得 {fmt_number(i.points)} / {fmt_number(i.max)} 分" for i in ranked[:MAX_ITEMS]]
    good = [r for r in ev.records if r.counted and r.points > 0]
    if good:
        out.append(f"信用行为记录中有 {len(good)} 项计入的加分记录（奖励或良好信用记录）")
    return out


def weaknesses(ev: Evaluation) -> list[str]:
    ranked = sorted((i for i in ev.indicators if i.max and _share(i.points, i.max) < WEAK_SHARE),
                    key=lambda i: (i.points - i.max, i.id))
    out = [f"{i.name}（{i.id}）仅得 {fmt_number(i.points)} / {fmt_number(i.max)} 分" for i in ranked[:MAX_ITEMS]]
    for r in ev.records:
        if r.counted and r.points < 0:
            out.append(f"信用行为记录：{r.rule.name}（{r.record.date.isoformat()}）减 {fmt_number(-r.points)} 分")
    return out


def upgrade_paths(wi: WhatIf) -> list[str]:
    ev = wi.evaluation
    if wi.next_grade is None:
        best = wi.suggestions[:3]
        head = f"已处于最高等级 {ev.grade.grade}；以下改变仍可提高得分，巩固等级："
        return [head] + [f"{s.change}：{s.effect}，总分 +{fmt_number(s.gain)}" for s in best]
    head = (f"距 {wi.next_grade.grade} 级（≥ {fmt_number(wi.next_grade.min)} 分）尚差 {fmt_number(wi.gap)} 分；"
            + ("按下列改变可达到：" if wi.plan_reaches else "下列改变可缩小差距，但尚不足以达到："))
    return [head] + [f"{s.change}：{s.effect}（总分 {fmt_number(s.new_total)}）" for s in wi.plan[:MAX_ITEMS]]


def downgrade_risks(ev: Evaluation, lower_bound: Decimal | None, behaviour_id: str) -> list[str]:
    """How far the score is above its grade's lower bound, in behaviour points."""
    if lower_bound is None or lower_bound <= 0:
        return ["已处于最低等级，得分下降不会进一步影响等级，但会影响融资等应用场景中的评价。"]
    margin = ev.total - lower_bound
    beh = ev.dimension(behaviour_id)
    per_point = beh.max / beh.raw_max if beh.raw_max else Decimal(1)
    cushion = max(beh.raw - beh.raw_max, Decimal(0))
    needed = margin / per_point + cushion
    text = (f"当前总分 {fmt_number(ev.total)} 分，高出 {ev.grade.grade} 级下限 {fmt_number(lower_bound)} 分 "
            f"{fmt_number(margin)} 分；新增约 {fmt_number(needed.quantize(Decimal('0.01')))} 分以上的信用行为减分"
            f"（如失信、侵权认定），或保障能力指标下降，将导致等级下调。")
    return [text]


def build_outlook(ev: Evaluation, wi: WhatIf, behaviour_id: str = "behavior") -> Outlook:
    lower = ev.grade.min if ev.grade.min > 0 else None
    dims = "；".join(f"{d.name} {fmt_number(d.score)} / {fmt_number(d.max)} 分" for d in ev.dimensions)
    summary = (f"{ev.facts.enterprise.name}知识产权信用评价总分 {fmt_number(ev.total)} 分，等级 {ev.grade.grade}"
               f"（{ev.grade.label}）。{dims}。{ev.grade.description}")
    return Outlook(summary, strengths(ev), weaknesses(ev), upgrade_paths(wi),
                   downgrade_risks(ev, lower, behaviour_id))
