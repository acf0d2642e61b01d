"""What-if (beyond the standard): the smallest changes in the facts that raise the score.

For every indicator the next reachable step is proposed (``+2 项有效发明专利 → C1 +1 分``):
the next row of a step table, a missing condition of a flag, the target share of a ratio;
for the behaviour record, a credit repair of each counted deduction and a good-credit
certificate. Each candidate is applied to a copy of the facts and *scored by the engine*,
so the gain shown is exactly what the model would give. Suggestions are ranked by the
total score gained; a greedy plan then chains them until the next grade is reached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ipcredit.standard.decimals import ZERO, fmt_number
from ipcredit.standard.engine import Evaluation, evaluate
from ipcredit.standard.facts import FIELD_LABELS, Facts, Record, field_kinds
from ipcredit.standard.model import (
    AllOf, AnyOf, AtLeast, Condition, FlagRule, Grade, Model, RatioAverageRule, StepRule, SumRule,
    bundled_model,
)
from ipcredit.standard.rules import fact_value, holds

MAX_PLAN_STEPS = 25


@dataclass(frozen=True)
class Change:
    """One change to the facts: new values by field path, and records added or repaired."""
    text: str
    values: tuple[tuple[str, Any], ...] = ()
    repair: tuple[int, ...] = ()
    add_records: tuple[Record, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    target: str            # indicator or behaviour rule id
    change: str            # what to change, in Chinese
    effect: str            # e.g. "C1 +1 分"
    gain: Decimal          # total score gained
    new_total: Decimal
    new_grade: str
    applied: Change


@dataclass(frozen=True)
class WhatIf:
    evaluation: Evaluation
    next_grade: Grade | None
    gap: Decimal
    suggestions: list[Suggestion]
    plan: list[Suggestion]
    plan_reaches: bool

    def to_json(self) -> dict[str, Any]:
        from ipcredit.standard.decimals import json_number
        def one(s: Suggestion) -> dict[str, Any]:
            return {"target": s.target, "change": s.change, "effect": s.effect,
                    "gain": json_number(s.gain), "new_total": json_number(s.new_total), "new_grade": s.new_grade}
        ev = self.evaluation
        return {
            "total": json_number(ev.total), "grade": ev.grade.grade,
            "next_grade": self.next_grade.grade if self.next_grade else None,
            "gap": json_number(self.gap),
            "suggestions": [one(s) for s in self.suggestions],
            "plan": [one(s) for s in self.plan], "plan_reaches_next_grade": self.plan_reaches,
        }


# ----------------------------------------------------------------------------- applying

def _set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def apply_change(facts: Facts, change: Change) -> Facts:
    doc = facts.model_dump(by_alias=True)
    for path, value in change.values:
        _set_path(doc, path, value)
    for n in change.repair:
        doc["records"][n]["repaired_on"] = facts.evaluation_date
    doc["records"].extend(r.model_dump() for r in change.add_records)
    return Facts.model_validate(doc)


# ----------------------------------------------------------------------------- candidates

_KINDS = field_kinds()


def _condition_changes(cond: Condition, facts: Facts) -> list[tuple[tuple[str, Any], ...]]:
    """Ways to make ``cond`` hold, each a set of field values (fewest changes first)."""
    if holds(cond, facts):
        return [()]
    if isinstance(cond, str):
        return [((cond, True),)]
    if isinstance(cond, AtLeast):
        return [((cond.field, int(math.ceil(cond.at_least))),)]
    if isinstance(cond, AnyOf):
        options = [c for sub in cond.any for c in _condition_changes(sub, facts)]
        return sorted(options, key=len)
    assert isinstance(cond, AllOf)
    combined: tuple[tuple[str, Any], ...] = ()
    for sub in cond.all:
        combined += _condition_changes(sub, facts)[0]
    return [combined]


def _step_change(rule: StepRule, facts: Facts) -> Change | None:
    value = Decimal(fact_value(facts, rule.field) or 0)
    for row in rule.table:
        if not row.reached_by(value):
            is_count = _KINDS.get(rule.field) == "count"
            if row.at_least is not None:
                needed = row.at_least
            else:
                needed = row.above + (1 if is_count else Decimal("0.01"))  # type: ignore[operator]
            if is_count:
                needed = Decimal(math.ceil(needed))
                new_value: Any = int(needed)
                text = f"+{fmt_number(needed - value)} {rule.unit}{rule.label}（{fmt_number(value)} → {fmt_number(needed)}）"
            else:
                new_value = needed
                text = f"{rule.label}达到 {fmt_number(needed)}{rule.unit}（现为 {fmt_number(value)}{rule.unit}）"
            return Change(text, ((rule.field, new_value),))
    return None


def _ratio_change(rule: RatioAverageRule, facts: Facts) -> Change:
    from ipcredit.standard.rules import ratio_target
    target, _ = ratio_target(rule, facts)
    values = [Decimal(v) for v in fact_value(facts, rule.field) or []]
    new = [max(v, target) for v in values] or [target]
    return Change(f"{rule.label}提高到 {fmt_number(target * 100)}% 以上", ((rule.field, new),))


def _rule_changes(rule: Any, facts: Facts) -> list[Change]:
    if isinstance(rule, StepRule):
        change = _step_change(rule, facts)
        return [change] if change else []
    if isinstance(rule, RatioAverageRule):
        return [_ratio_change(rule, facts)]
    if isinstance(rule, FlagRule):
        options = _condition_changes(rule.when, facts)
        options = [v for v in options if v]
        if len(options) == 1 and len(options[0]) == 1 and options[0][0][1] is True:
            return [Change(f"做到：{rule.label}", options[0])]
        return [Change(f"{rule.label}：{_values_text(v)}", v) for v in options]
    assert isinstance(rule, SumRule)
    gate = _condition_changes(rule.gate, facts)[0] if rule.gate is not None else ()
    out = []
    for part in rule.parts:
        for ch in _rule_changes(part, facts):
            values = tuple(dict(gate + ch.values).items())
            extra = [(p, v) for p, v in gate if (p, v) not in ch.values]
            text = ch.text + (f"（同时须 {_values_text(tuple(extra))}）" if extra else "")
            out.append(Change(text, values))
    return out


def _values_text(values: tuple[tuple[str, Any], ...]) -> str:
    def one(path: str, value: Any) -> str:
        label = FIELD_LABELS.get(path, path).split("（")[0]
        return label if value is True else f"{label}达到 {value}"
    return "，".join(one(p, v) for p, v in values)


def _behaviour_changes(ev: Evaluation, model: Model) -> list[tuple[str, Change]]:
    out = []
    for r in ev.records:
        if r.counted and r.points < 0:
            out.append((r.rule.id, Change(f"为记录 #{r.index + 1}「{r.rule.name}」办理信用修复", repair=(r.index,))))
    good = [rule for rule in model.behavior.rules if rule.positive and rule.count == "once" and not rule.unless]
    for rule in good:
        rec = Record(kind=rule.kind, date=ev.facts.evaluation_date, title=f"（设想）{rule.name}")
        out.append((rule.id, Change(f"取得{rule.name}", add_records=(rec,))))
    return out


def candidate_changes(ev: Evaluation, model: Model) -> list[tuple[str, Change]]:
    out: list[tuple[str, Change]] = []
    for _, ind in model.indicators():
        out.extend((ind.id, ch) for ch in _rule_changes(ind.rule, ev.facts))
    out.extend(_behaviour_changes(ev, model))
    return out


# ----------------------------------------------------------------------------- ranking

def _effect(before: Evaluation, after: Evaluation, target: str) -> str:
    if target in {i.id for i in before.indicators}:
        delta = after.indicator(target).points - before.indicator(target).points
        return f"{target} +{fmt_number(delta)} 分"
    b, a = before.dimensions[-1], after.dimensions[-1]
    return f"{b.name} {fmt_number(b.score)} → {fmt_number(a.score)}"


def suggestions(ev: Evaluation, model: Model) -> list[Suggestion]:
    out = []
    for target, change in candidate_changes(ev, model):
        after = evaluate(apply_change(ev.facts, change), model, ev.profile)
        gain = after.total - ev.total
        if gain > 0:
            out.append(Suggestion(target, change.text, _effect(ev, after, target), gain, after.total, after.grade.grade, change))
    return sorted(out, key=lambda s: (-s.gain, s.target))


def next_grade_of(model: Model, grade: Grade) -> Grade | None:
    higher = [g for g in model.grades if g.min > grade.min]
    return min(higher, key=lambda g: g.min) if higher else None


def what_if(facts: Facts, model: Model | None = None, profile: str | None = None) -> WhatIf:
    """Ranked suggestions and a greedy plan that reaches the next grade where possible."""
    model = model or bundled_model()
    start = evaluate(facts, model, profile)
    target = next_grade_of(model, start.grade)
    ranked = suggestions(start, model)
    plan: list[Suggestion] = []
    current = start
    while target is not None and current.total < target.min and len(plan) < MAX_PLAN_STEPS:
        options = suggestions(current, model)
        if not options:
            break
        best = options[0]
        plan.append(best)
        current = evaluate(apply_change(current.facts, best.applied), model, profile)
    gap = (target.min - start.total) if target else ZERO
    reaches = target is not None and current.total >= target.min
    return WhatIf(start, target, max(gap, ZERO), ranked, plan, reaches)
