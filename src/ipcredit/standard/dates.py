"""Dates and windows of SPEC §2.1 (评价基准日, 近三年, record windows)."""

from __future__ import annotations

import datetime as dt


def years_before(day: dt.date, years: int) -> dt.date:
    """The same month and day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year - years, day=28)


def default_base_date(evaluation_date: dt.date) -> dt.date:
    """评价基准日: 31 December of the year before the evaluation date."""
    return dt.date(evaluation_date.year - 1, 12, 31)


def in_window(day: dt.date, end: dt.date, years: int) -> bool:
    """True when ``day`` lies in the half-open window (end − years, end]."""
    return years_before(end, years) < day <= end


def window_text(end: dt.date, years: int) -> str:
    start = years_before(end, years)
    return f"({start.isoformat()}, {end.isoformat()}]"
