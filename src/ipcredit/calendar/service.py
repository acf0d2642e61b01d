"""Use cases of the holiday table: load a year, recompute provisional deadlines."""

from __future__ import annotations

import datetime as dt

from ipcredit.calendar.domain import parse_holiday_rows
from ipcredit.calendar.models import HolidayDay, HolidayYear
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation


def load_holidays(uow: UnitOfWork, year: int, rows: list[dict], source: str) -> int:
    """Load one year's holidays and make-up days, then recompute every provisional
    objection deadline. Returns the number of deadlines recomputed."""
    from ipcredit.objections.service import recompute_provisional_deadlines

    entries, problems = parse_holiday_rows(rows)
    problems += [f"{d.isoformat()}: 不属于 {year} 年" for d, _, _ in entries if d.year != year]
    if problems:
        raise RuleViolation("假日表有误 (holiday table invalid): " + "；".join(problems))
    s = uow.s
    for old in s.query(HolidayDay).filter(HolidayDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))):
        s.delete(old)
    s.flush()
    for day, kind, name in entries:
        s.add(HolidayDay(day=day, kind=kind, name=name))
    s.merge(HolidayYear(year=year, source=source))
    s.flush()
    changed = recompute_provisional_deadlines(uow)
    uow.commit()
    return changed
