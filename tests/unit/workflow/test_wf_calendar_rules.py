"""Working days on the PRC statutory calendar (§5.3.9: 7 working days)."""

import datetime as dt

import pytest

from ipcredit.calendar.domain import HolidayTable, add_working_days, is_workday, parse_holiday_rows

D = dt.date


def test_seven_working_days_across_national_day_2026():
    due = add_working_days(D(2026, 9, 28), 7)
    assert due.due == D(2026, 10, 13) and not due.provisional


def test_make_up_working_day_counts():
    # 2026-10-10 is a Saturday worked in lieu (调休): Thu 10-08 → Fri 10-09 → Sat 10-10
    assert add_working_days(D(2026, 10, 8), 2).due == D(2026, 10, 10)
    assert is_workday(D(2026, 10, 10)) is True and is_workday(D(2026, 10, 5)) is False


def test_spring_festival_2026():
    # 02-14 (Sat) is a make-up working day; 02-15…02-23 off
    assert add_working_days(D(2026, 2, 13), 1).due == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1).due == D(2026, 2, 24)


def test_unknown_year_is_flagged_never_silent():
    due = add_working_days(D(2026, 12, 28), 7)
    assert due.provisional and due.unknown_years == (2027,) and "2027" in due.note
    assert is_workday(D(2027, 1, 4)) is None


def test_holiday_table_completes_an_unknown_year():
    table = HolidayTable(years=frozenset({2027}), off=frozenset({D(2027, 1, 1), D(2027, 1, 4)}),
                         work=frozenset({D(2027, 1, 9)}))
    due = add_working_days(D(2026, 12, 28), 7, table)
    assert due.due == D(2027, 1, 8) and not due.provisional
    assert add_working_days(D(2027, 1, 7), 2, table).due == D(2027, 1, 9)


def test_admin_table_can_correct_a_known_year():
    table = HolidayTable(off=frozenset({D(2026, 3, 3)}))
    assert add_working_days(D(2026, 3, 2), 1, table).due == D(2026, 3, 4)


def test_holiday_rows_are_checked_with_row_numbers():
    entries, problems = parse_holiday_rows([{"date": "2027-01-01", "kind": "holiday"}, {"date": "x", "kind": "holiday"},
                                            {"date": "2027-01-09", "kind": False}, {"date": "2027-01-10", "kind": "workday"}])
    assert entries == [(D(2027, 1, 1), "off", ""), (D(2027, 1, 10), "work", "")]
    assert "row 2" in problems[0] and "row 3" in problems[1] and "holiday" in problems[1]


def test_zero_days_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), 0)
