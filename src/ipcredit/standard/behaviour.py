"""信用行为记录: the behaviour adjustments of each record (SPEC §2.4).

The dimension starts at ``start`` (60) and is adjusted record by record. For every record
the result says what it contributed and why — including records that contributed nothing
because they expired, were not verified, were rejected, were already counted once, were
displaced by a higher certificate, or were repaired (信用修复).

Decisions (docs/interpretation.md): only ``verified`` positive records count (审慎性);
negative records count unless ``rejected``; a record counts when its date is in
(E − N years, E]; a repair dated on or before E cancels exactly that record's deduction; the
infringement findings' cap (−10 in all) applies to the findings that are not repaired,
allocated in date order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ipcredit.standard.dates import in_window, years_before
from ipcredit.standard.decimals import ZERO, fmt_number, round2
from ipcredit.standard.facts import Facts, Record
from ipcredit.standard.model import Behaviour, BehaviourRule


@dataclass(frozen=True)
class RecordResult:
    index: int
    record: Record
    rule: BehaviourRule
    counted: bool
    points: Decimal          # net contribution to the dimension
    deduction: Decimal       # gross deduction before a repair (negative records), else 0
    repair: Decimal          # what a repair gave back (cancels the deduction exactly)
    reason: str


def _rule_for(behaviour: Behaviour, rec: Record) -> BehaviourRule:
    for rule in behaviour.rules:
        if rule.kind == rec.kind and rule.category == rec.category:
            return rule
    raise LookupError(f"no behaviour rule for {rec.kind}/{rec.category}")


def _describe(rec: Record, rule: BehaviourRule) -> str:
    title = f"「{rec.title}」" if rec.title else ""
    return f"{rule.name}{title}（{rec.date.isoformat()}）"


def _exclusion(rec: Record, rule: BehaviourRule, e: dt.date, window: int) -> str | None:
    """Why a record does not count at all, or None when it is eligible."""
    if rec.status == "rejected":
        return "经信息异议核实已剔除（rejected），不计分"
    if rule.positive and rec.status != "verified":
        return "良好记录尚未核实（unverified），依审慎性原则不计分"
    if not in_window(rec.date, e, window):
        since = years_before(e, window).isoformat()
        return f"已超出近 {window} 年的纳入范围（须晚于 {since}），不计分"
    return None


def _repair_text(rec: Record, e: dt.date) -> tuple[bool, str]:
    if rec.repaired_on is None:
        return False, ""
    if rec.repaired_on > e:
        return False, f"；信用修复日期 {rec.repaired_on} 晚于评价日，暂不抵扣"
    return True, f"；已于 {rec.repaired_on} 信用修复，抵扣对应减分"


def behaviour_adjustments(facts: Facts, behaviour: Behaviour) -> list[RecordResult]:
    """What every record contributes, in input order."""
    e = facts.evaluation_date
    eligible: dict[int, BehaviourRule] = {}
    results: dict[int, RecordResult] = {}
    for n, rec in enumerate(facts.records):
        rule = _rule_for(behaviour, rec)
        why = _exclusion(rec, rule, e, rule.window_years or behaviour.default_window_years)
        if why:
            results[n] = RecordResult(n, rec, rule, False, ZERO, ZERO, ZERO, f"{_describe(rec, rule)}：{why}")
        else:
            eligible[n] = rule
    counted_rules = {r.id for r in eligible.values()}
    once_done: set[str] = set()
    cap_used: dict[str, Decimal] = {}
    for n in sorted(eligible, key=lambda n: (facts.records[n].date, n)):
        results[n] = _count(n, facts.records[n], eligible[n], counted_rules, once_done, cap_used, e)
    return [results[n] for n in range(len(facts.records))]


def _count(n: int, rec: Record, rule: BehaviourRule, counted_rules: set[str],
           once_done: set[str], cap_used: dict[str, Decimal], e: dt.date) -> RecordResult:
    head = _describe(rec, rule)
    if rule.positive:
        displaced = [u for u in rule.unless if u in counted_rules]
        if displaced:
            return RecordResult(n, rec, rule, False, ZERO, ZERO, ZERO, f"{head}：已有更高级别的证明（{', '.join(displaced)}）计分，不重复计分")
        if rule.count == "once" and rule.id in once_done:
            return RecordResult(n, rec, rule, False, ZERO, ZERO, ZERO, f"{head}：同类证明只计一次，已计分")
        once_done.add(rule.id)
        adj = Decimal(rule.adjustment)
        return RecordResult(n, rec, rule, True, adj, ZERO, ZERO, f"{head}：+{fmt_number(adj)} 分")
    gross = round2(rec.deduction) if rule.adjustment == "from_record" else -Decimal(rule.adjustment)
    repaired, repair_note = _repair_text(rec, e)
    if repaired:
        return RecordResult(n, rec, rule, True, ZERO, gross, gross, f"{head}：−{fmt_number(gross)} 分{repair_note}，净 0 分")
    cap_note = ""
    if rule.max_deduction is not None:
        room = rule.max_deduction - cap_used.get(rule.id, ZERO)
        if gross > room:
            cap_note = f"（同类合计扣分以 {fmt_number(rule.max_deduction)} 分为限，本条扣 {fmt_number(room)} 分）"
            gross = room
        cap_used[rule.id] = cap_used.get(rule.id, ZERO) + gross
    reason = f"{rec.reason}；" if rec.reason else ""
    return RecordResult(n, rec, rule, True, -gross, gross, ZERO, f"{head}：{reason}−{fmt_number(gross)} 分{cap_note}{repair_note}")
