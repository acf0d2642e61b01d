"""Indicator rules of the basic and capacity dimensions: facts → points with a reason.

Each rule type of the model file (flag, step, ratio_average, sum) has one function here.
Points are `Decimal`, rounded half up to 2 places per indicator (SPEC §2); the reason is a
Chinese sentence that names the facts and the table row that produced the points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ipcredit.standard.decimals import ZERO, fmt_number, round2, to_decimal
from ipcredit.standard.facts import Facts
from ipcredit.standard.model import (
    AllOf, AnyOf, AtLeast, Condition, FlagRule, RatioAverageRule, StepRule, SumRule,
)


@dataclass(frozen=True)
class RuleResult:
    points: Decimal
    reason: str


def fact_value(facts: Facts, path: str) -> Any:
    """A facts field by dotted path; a ``custom.x`` fact that was not given reads as 0."""
    if path.startswith("custom."):
        return facts.custom.get(path.removeprefix("custom."), Decimal(0))
    return facts.get(path)


def holds(cond: Condition, facts: Facts) -> bool:
    if isinstance(cond, str):
        return bool(fact_value(facts, cond))
    if isinstance(cond, AtLeast):
        value = fact_value(facts, cond.field)
        return value is not None and not isinstance(value, bool) and to_decimal(value) >= cond.at_least
    if isinstance(cond, AllOf):
        return all(holds(c, facts) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(holds(c, facts) for c in cond.any)
    raise TypeError(cond)


def _pct(x: Decimal) -> str:
    return f"{round2(x * 100)}%"


def flag(rule: FlagRule, facts: Facts) -> RuleResult:
    if holds(rule.when, facts):
        return RuleResult(rule.points, f"{rule.label}：是，得 {fmt_number(rule.points)} 分")
    return RuleResult(ZERO, f"{rule.label}：否，得 0 分")


def step_points(rule: StepRule, value: Decimal) -> tuple[Decimal, int]:
    """Points of the highest row ``value`` reaches, and that row's index."""
    best = 0
    for n, row in enumerate(rule.table):
        if row.reached_by(value):
            best = n
    return rule.table[best].points, best


def step(rule: StepRule, facts: Facts) -> RuleResult:
    value = to_decimal(fact_value(facts, rule.field) or 0)
    points, n = step_points(rule, value)
    row = rule.table[n]
    if n == 0:
        tail = f"未达到 {rule.table[1].text(rule.unit)} 档" if len(rule.table) > 1 else "最低档"
    else:
        tail = f"达到 {row.text(rule.unit)} 档"
    return RuleResult(points, f"{rule.label} {fmt_number(value)}{rule.unit}，{tail}，得 {fmt_number(points)} 分")


def ratio_target(rule: RatioAverageRule, facts: Facts) -> tuple[Decimal, str]:
    """The target share, and how it was chosen (by revenue band where the model says so)."""
    if rule.target is not None:
        return rule.target, f"目标 {_pct(rule.target)}"
    tb = rule.target_by
    assert tb is not None
    basis = fact_value(facts, tb.field)
    if basis is None:
        return tb.unknown, f"{tb.label}未知，目标取 {_pct(tb.unknown)}"
    basis = to_decimal(basis)
    for band in tb.bands:
        if band.up_to is None or basis <= band.up_to:
            return band.target, f"{tb.label} {fmt_number(basis)}{tb.unit}，目标 {_pct(band.target)}"
    raise AssertionError("the last band is open-ended")


def ratio_average(rule: RatioAverageRule, facts: Facts) -> RuleResult:
    values = [to_decimal(v) for v in fact_value(facts, rule.field) or []]
    if not values:
        return RuleResult(ZERO, f"{rule.label}：未提供数据，得 0 分")
    average = sum(values, ZERO) / len(values)
    target, how = ratio_target(rule, facts)
    points = round2(rule.points * min(average / target, Decimal(1)))
    years = f"{len(values)} 年平均" if len(values) > 1 else "1 年"
    return RuleResult(points, f"{rule.label}（{years}）{_pct(average)}，{how}，得 {fmt_number(points)} 分")


def sum_parts(rule: SumRule, facts: Facts) -> RuleResult:
    if rule.gate is not None and not holds(rule.gate, facts):
        return RuleResult(ZERO, rule.gate_label or "前提条件不满足，本项不得分")
    parts = [apply_rule(p, facts) for p in rule.parts]
    total = sum((p.points for p in parts), ZERO)
    return RuleResult(total, "；".join(p.reason for p in parts))


_DISPATCH = {FlagRule: flag, StepRule: step, RatioAverageRule: ratio_average, SumRule: sum_parts}


def apply_rule(rule: Any, facts: Facts) -> RuleResult:
    return _DISPATCH[type(rule)](rule, facts)
