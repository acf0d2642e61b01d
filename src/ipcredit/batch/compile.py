"""The model file compiled to SQL: one meaning, two executors (DuckDB, Spark).

Every rule type of `ipcredit.standard.model` (flag, step, ratio_average, sum with gate) and
every behaviour rule (windows, once/each, ``unless``, ``max_deduction``, repairs, statuses)
becomes a SQL expression over the *scoring input* relation (one row per enterprise, see
`ipcredit.batch.columns`) and the per-enterprise behaviour aggregates.

Exactness (SPEC §2): all arithmetic is on BIGINT *cents*. Indicator points are rounded half
up to 2 decimals, dimension scores = round_half_up(raw / raw_max × points), total = sum of
rounded dimension scores — the rounding is done by integer division, ``(2n + d) div 2d``,
so neither engine's DECIMAL division (which DuckDB turns into DOUBLE) is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ipcredit.batch.columns import RATIO_SCALE, fact_column, field_kind
from ipcredit.batch.dialect import Dialect
from ipcredit.errors import ModelError, Problem
from ipcredit.standard.model import (
    AllOf, AnyOf, AtLeast, Behaviour, BehaviourRule, Condition, FlagRule, Model, RatioAverageRule, StepRule,
    SumRule,
)

TARGET_SCALE = 10_000  # ratio targets are exact to 4 decimals (0.05, 0.035 …)


def _unsupported(what: str) -> ModelError:
    return ModelError(Problem("batch", f"批量评价无法编译: {what} (the batch compiler does not support this)"))


def cents(value: Decimal, what: str) -> int:
    """A model number in cents; the compiler refuses numbers finer than a cent."""
    scaled = Decimal(value) * 100
    if scaled != scaled.to_integral_value():
        raise _unsupported(f"{what} = {value} 超过 2 位小数")
    return int(scaled)


def lit(value: Decimal) -> str:
    """A SQL numeric literal written exactly (no exponent)."""
    return format(Decimal(value), "f")


def half_up(d: Dialect, num: str, den: str) -> str:
    """round_half_up(num / den) for BIGINT ``num`` and a positive BIGINT ``den``."""
    up = d.idiv(f"2 * ({num}) + ({den})", f"2 * ({den})")
    down = d.idiv(f"-2 * ({num}) + ({den})", f"2 * ({den})")
    return f"(CASE WHEN ({num}) >= 0 THEN {up} ELSE -{down} END)"


# ----------------------------------------------------------------------------- conditions

def condition(cond: Condition) -> str:
    """A condition of the model (`engine.rules.holds`) as a SQL boolean, never NULL."""
    if isinstance(cond, str):
        kind, col = field_kind(cond), fact_column(cond)
        if kind == "bool":
            return f"COALESCE({col}, FALSE)"
        if kind == "ratios":
            return f"({col}__n > 0)"
        return f"(COALESCE({col}, 0) <> 0)"
    if isinstance(cond, AtLeast):
        kind, col = field_kind(cond.field), fact_column(cond.field)
        if kind == "bool":
            return "FALSE"  # a yes/no field never reaches a number (engine: isinstance bool → False)
        if kind == "ratios":
            raise _unsupported(f"at_least 用于比例列表 {cond.field}")
        return f"COALESCE({col} >= {lit(cond.at_least)}, FALSE)"
    if isinstance(cond, AllOf):
        return "(" + " AND ".join(condition(c) for c in cond.all) + ")" if cond.all else "TRUE"
    if isinstance(cond, AnyOf):
        return "(" + " OR ".join(condition(c) for c in cond.any) + ")" if cond.any else "FALSE"
    raise _unsupported(f"条件 {cond!r}")


# ----------------------------------------------------------------------------- rules

def _step(rule: StepRule) -> str:
    value = f"COALESCE({fact_column(rule.field)}, 0)"
    arms = []
    for row in reversed(rule.table[1:]):
        test = f"{value} >= {lit(row.at_least)}" if row.at_least is not None else f"{value} > {lit(row.above)}"
        arms.append(f"WHEN {test} THEN {cents(row.points, rule.label)}")
    first = cents(rule.table[0].points, rule.label)
    return f"(CASE {' '.join(arms)} ELSE {first} END)" if arms else str(first)


def _target(rule: RatioAverageRule) -> str:
    """The target share × 10⁴ as a BIGINT expression (by revenue band where the model says so)."""
    def scaled(t: Decimal) -> int:
        v = Decimal(t) * TARGET_SCALE
        if v != v.to_integral_value():
            raise _unsupported(f"{rule.label} 目标 {t} 超过 4 位小数")
        return int(v)

    if rule.target is not None:
        return str(scaled(rule.target))
    tb = rule.target_by
    assert tb is not None
    basis = fact_column(tb.field)
    arms = [f"WHEN {basis} IS NULL THEN {scaled(tb.unknown)}"]
    for band in tb.bands[:-1]:
        arms.append(f"WHEN {basis} <= {lit(band.up_to)} THEN {scaled(band.target)}")  # type: ignore[arg-type]
    return f"(CASE {' '.join(arms)} ELSE {scaled(tb.bands[-1].target)} END)"


def _ratio_average(d: Dialect, rule: RatioAverageRule) -> str:
    """points × min(avg / target, 1), rounded half up: avg = sum / n of the yearly shares."""
    col = fact_column(rule.field)
    total, n = f"{col}__sum", f"{col}__n"
    target = _target(rule)
    den = f"{n} * {target} * {RATIO_SCALE // TARGET_SCALE}"  # n × target on the ratio scale
    p = cents(rule.points, rule.label)
    return (f"(CASE WHEN {n} = 0 THEN 0 WHEN {total} >= {den} THEN {p} "
            f"ELSE {half_up(d, f'{p} * {total}', den)} END)")


def rule_cents(d: Dialect, rule: object) -> str:
    """A rule's points in cents (`ipcredit.standard.rules.apply_rule`)."""
    if isinstance(rule, FlagRule):
        return f"(CASE WHEN {condition(rule.when)} THEN {cents(rule.points, rule.label)} ELSE 0 END)"
    if isinstance(rule, StepRule):
        return _step(rule)
    if isinstance(rule, RatioAverageRule):
        return _ratio_average(d, rule)
    if isinstance(rule, SumRule):
        total = " + ".join(rule_cents(d, p) for p in rule.parts)
        if rule.gate is None:
            return f"({total})"
        return f"(CASE WHEN {condition(rule.gate)} THEN ({total}) ELSE 0 END)"
    raise _unsupported(f"规则 {rule!r}")


# ----------------------------------------------------------------------------- behaviour

def _window(rule: BehaviourRule, behaviour: Behaviour) -> int:
    return rule.window_years or behaviour.default_window_years


def _match(rule: BehaviourRule) -> str:
    cat = f"r.category = '{rule.category}'" if rule.category else "r.category IS NULL"
    return f"r.kind = '{rule.kind}' AND {cat}"


def _eligible(d: Dialect, rule: BehaviourRule, behaviour: Behaviour) -> str:
    """`behaviour._exclusion` is None: not rejected, verified if positive, dated in (E − N, E]."""
    status = "r.status = 'verified'" if rule.positive else "r.status <> 'rejected'"
    since = d.years_before("r.e_date", _window(rule, behaviour))
    return f"{status} AND r.date > {since} AND r.date <= r.e_date"


def _gross(d: Dialect, rule: BehaviourRule) -> str:
    """The deduction of one record in cents (positive number)."""
    if rule.adjustment == "from_record":
        return half_up(d, f"CAST(CAST(r.deduction AS DECIMAL(20,4)) * {TARGET_SCALE} AS BIGINT)", str(TARGET_SCALE // 100))
    return str(-cents(Decimal(rule.adjustment), rule.id))


def behaviour_aggregates(d: Dialect, behaviour: Behaviour) -> list[tuple[str, str]]:
    """(alias, aggregate) per rule over records ``r`` (with ``r.e_date``): eligible count n_ and
    the gross deductions of eligible, unrepaired records g_. Each a BIGINT: DuckDB sums
    integers into a 128-bit HUGEINT, and the behaviour's raw score over 17 HUGEINT columns cost
    0.26 s of CPU at 1M enterprises where BIGINT costs 0.05 s (a sum that does not fit 64 bits
    fails the cast: an error, not a wrong score)."""
    out = []
    for rule in behaviour.rules:
        base = f"{_match(rule)} AND {_eligible(d, rule, behaviour)}"
        out.append((f"n_{rule.id}", f"CAST(SUM(CASE WHEN {base} THEN 1 ELSE 0 END) AS BIGINT)"))
        if not rule.positive:
            unrepaired = "(r.repaired_on IS NULL OR r.repaired_on > r.e_date)"
            out.append((f"g_{rule.id}", f"CAST(SUM(CASE WHEN {base} AND {unrepaired} THEN {_gross(d, rule)} ELSE 0 END) AS BIGINT)"))
    return out


def _contribution(rule: BehaviourRule) -> str:
    """What one rule adds to the dimension, in cents (`behaviour._count`)."""
    n = f"COALESCE(n_{rule.id}, 0)"
    if rule.positive:
        adj = cents(Decimal(rule.adjustment), rule.id)
        value = f"{n} * {adj}" if rule.count == "each" else f"(CASE WHEN {n} > 0 THEN {adj} ELSE 0 END)"
        for other in rule.unless:
            value = f"(CASE WHEN COALESCE(n_{other}, 0) > 0 THEN 0 ELSE {value} END)"
        return value
    gross = f"COALESCE(g_{rule.id}, 0)"
    if rule.max_deduction is not None:
        gross = f"LEAST({gross}, {cents(rule.max_deduction, rule.id)})"
    return f"(-{gross})"


def behaviour_raw(behaviour: Behaviour) -> str:
    """start + Σ adjustments, in cents (before the [floor, ceiling] clamp)."""
    parts = " + ".join(_contribution(r) for r in behaviour.rules)
    return f"({cents(behaviour.start, 'behavior.start')} + {parts})"


# ----------------------------------------------------------------------------- the whole model

@dataclass(frozen=True)
class Compiled:
    """SELECT items of the scoring query; column names are stable for the results table."""

    indicators: list[tuple[str, str]]          # (indicator id, cents expression over the input)
    dimensions: list[tuple[str, str]]          # (dimension id, cents expression over indicators)
    behaviour_raw: str                         # cents expression over the behaviour aggregates
    behaviour_aggregates: list[tuple[str, str]]
    total: str
    grade: str


def compile_model(model: Model, profile: str | None, d: Dialect) -> Compiled:
    """The model and profile as SQL (raises `ModelError` for what SQL here cannot express)."""
    _, prof = model.profile(profile)
    indicators = [(ind.id, f"LEAST({rule_cents(d, ind.rule)}, {cents(ind.full, ind.id)})")
                  for _, ind in model.indicators()]
    dims = []
    for dim in model.dimensions:
        raw = " + ".join(f"p_{ind.id}" for ind in dim.indicators)
        pt, rm = cents(prof.dimensions[dim.id], dim.id), cents(dim.raw_max, dim.id)
        dims.append((dim.id, half_up(d, f"({raw}) * {pt}", str(rm))))
    beh = model.behavior
    ceil = cents(beh.ceiling, "behavior.ceiling")
    clamped = f"GREATEST({cents(beh.floor, 'behavior.floor')}, LEAST({ceil}, raw_{beh.id}))"
    dims.append((beh.id, half_up(d, f"{clamped} * {cents(prof.dimensions[beh.id], beh.id)}", str(ceil))))
    total = " + ".join(f"s_{dim_id}" for dim_id, _ in dims)
    return Compiled(indicators, dims, behaviour_raw(beh), behaviour_aggregates(d, beh), total, grade_case(model))


def grade_case(model: Model) -> str:
    """Appendix B over ``total_c`` (cents): the highest band reached, else the lowest grade."""
    bands = sorted(model.grades, key=lambda g: g.min, reverse=True)
    arms = " ".join(f"WHEN total_c >= {cents(g.min, g.grade)} THEN '{g.grade}'" for g in bands)
    lowest = min(model.grades, key=lambda g: g.min).grade
    return f"(CASE {arms} ELSE '{lowest}' END)"
