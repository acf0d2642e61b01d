"""Objection rules of §5.3.9 (SPEC §3) — pure.

- Information objection (信息异议): accepted only within 1 year of the collection date of the
  disputed fact; concluded within 7 working days on the PRC statutory calendar; outcome
  corrected (re-score, notify), confirmed (notify) or unverifiable (reasons recorded).
- Result objection (结果异议): accepted only within 15 days of the enterprise receiving the
  result, with its supporting basis; at most one re-evaluation, whose result is final.
"""

from __future__ import annotations

import datetime as dt

from ipcredit.calendar.domain import Deadline, HolidayTable, add_working_days
from ipcredit.cases.domain import add_years
from ipcredit.domain_errors import RuleViolation

INFO_WINDOW_YEARS = 1
INFO_DUE_WORKING_DAYS = 7
RESULT_WINDOW_DAYS = 15
OUTCOMES = ("corrected", "confirmed", "unverifiable")
OUTCOME_LABELS = {"corrected": "更正", "confirmed": "维持（信息无误）", "unverifiable": "无法核实，审慎处理"}


def check_information_objection(collected_on: dt.date, filed_on: dt.date, path: str) -> None:
    last = add_years(collected_on, INFO_WINDOW_YEARS)
    if filed_on > last:
        raise RuleViolation(
            f"{path} 的采集日期为 {collected_on.isoformat()}，信息异议须在 1 年内（{last.isoformat()} 前）提出",
            "§5.3.9 a")


def information_due(filed_on: dt.date, table: HolidayTable) -> Deadline:
    """Conclusion due within 7 working days of receipt."""
    return add_working_days(filed_on, INFO_DUE_WORKING_DAYS, table)


def check_result_objection(delivered_on: dt.date | None, filed_on: dt.date, basis: str,
                           reevaluations: int) -> None:
    if reevaluations >= 1:
        raise RuleViolation("本报告已复评一次，复评结果为最终结果，不再受理结果异议 (re-evaluation is final)", "§5.3.9 b")
    if delivered_on is None:
        raise RuleViolation("报告尚未送达，结果异议自收到结果之日起算 (report not delivered yet)", "§5.3.9 b")
    last = delivered_on + dt.timedelta(days=RESULT_WINDOW_DAYS)
    if filed_on > last:
        raise RuleViolation(
            f"结果于 {delivered_on.isoformat()} 送达，结果异议须在 15 日内（{last.isoformat()} 前）提出", "§5.3.9 b")
    if filed_on < delivered_on:
        raise RuleViolation("异议日期早于送达日期 (objection before delivery)")
    if not basis.strip():
        raise RuleViolation("结果异议须附相关依据 (supporting basis required)", "§5.3.9 b")


def check_outcome(outcome: str, reasons: str | None, new_value_given: bool) -> None:
    if outcome not in OUTCOMES:
        raise RuleViolation(f"处理结果应为 {' / '.join(OUTCOMES)}，得到 {outcome!r}")
    if not (reasons or "").strip():
        raise RuleViolation(f"处理结果「{OUTCOME_LABELS[outcome]}」须写明理由 (reasons required)", "§5.3.9 a")
    if outcome == "corrected" and not new_value_given:
        raise RuleViolation("更正须给出更正后的信息 (new value required)")
    if outcome != "corrected" and new_value_given:
        raise RuleViolation("只有「更正」可以修改信息 (only a correction changes the fact)")
