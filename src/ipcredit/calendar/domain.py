"""Working days (工作日) on the PRC statutory calendar — pure, no database.

``chinese_calendar`` knows the State Council's holidays and make-up working days (调休) up to
its last published year (2026 for 1.11.0) and raises for later years. Years it does not know
can be supplied by an admin-maintained holiday table (``HolidayTable``). A day in a year that
neither knows is *never* guessed from weekends alone: counting through it yields a
provisional result that says so, and is recomputed when the table is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class HolidayTable:
    """Admin-entered days: ``off`` are holidays, ``work`` are make-up working days; a year
    listed in ``years`` is complete (every other weekday works, every other weekend is off)."""

    years: frozenset[int] = frozenset()
    off: frozenset[dt.date] = frozenset()
    work: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    provisional: bool
    unknown_years: tuple[int, ...] = field(default=())

    @property
    def note(self) -> str:
        if not self.provisional:
            return ""
        years = "、".join(str(y) for y in self.unknown_years)
        return f"暂定：{years} 年的法定节假日尚未公布或未录入，按周末估算，录入假日表后将重新计算"


def _package_is_workday(day: dt.date) -> bool | None:
    """``chinese_calendar``'s answer, or None when it does not know the year."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def is_workday(day: dt.date, table: HolidayTable = HolidayTable()) -> bool | None:
    """True/False when the calendar or the table knows ``day``'s year; None when neither does.

    The admin table wins over the package for the days it lists (a correction)."""
    if day in table.work:
        return True
    if day in table.off:
        return False
    known = _package_is_workday(day)
    if known is not None:
        return known
    if day.year in table.years:
        return day.weekday() < 5
    return None


def add_working_days(start: dt.date, n: int, table: HolidayTable = HolidayTable()) -> Deadline:
    """The day on which ``n`` working days counted after ``start`` end (start not counted).

    7 working days from 2026-09-28 end on 2026-10-13 (National Day 10-01…10-07 off, 10-10 a
    make-up working day)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted, unknown = start, 0, set()
    while counted < n:
        day += ONE_DAY
        work = is_workday(day, table)
        if work is None:
            unknown.add(day.year)
            work = day.weekday() < 5  # provisional estimate, flagged below
        if work:
            counted += 1
    return Deadline(day, bool(unknown), tuple(sorted(unknown)))


KIND_ALIASES = {"holiday": "off", "off": "off", "休": "off", "workday": "work", "work": "work", "班": "work"}


def parse_holiday_rows(rows: list[dict]) -> tuple[list[tuple[dt.date, str, str]], list[str]]:
    """Rows ``{date, kind: holiday|workday, name}`` of a holiday file → entries (kind stored
    as ``off``/``work``) and problems naming the row."""
    entries: list[tuple[dt.date, str, str]] = []
    problems: list[str] = []
    for i, row in enumerate(rows, start=1):
        where = f"第 {i} 行 (row {i})"
        if not isinstance(row, dict):
            problems.append(f"{where}: 应为 {{date, kind, name}} 映射")
            continue
        try:
            day = dt.date.fromisoformat(str(row.get("date")))
        except ValueError:
            problems.append(f"{where}: date 应为 YYYY-MM-DD，得到 {row.get('date')!r}")
            continue
        kind = KIND_ALIASES.get(row.get("kind")) if isinstance(row.get("kind"), str) else None
        if kind is None:
            problems.append(f"{where}: kind 应为 holiday（放假）或 workday（调休上班），得到 {row.get('kind')!r}"
                            " (YAML reads a bare off/no as false: write holiday)")
            continue
        entries.append((day, kind, str(row.get("name") or "")))
    return entries, problems
