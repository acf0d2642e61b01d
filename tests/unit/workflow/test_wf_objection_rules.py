"""§5.3.9 objection rules, §5.3.10 retention and §6 supervision — pure."""

import datetime as dt
from decimal import Decimal

import pytest

from ipcredit.archive.domain import disclosure_allowed, purge_due, retention_until
from ipcredit.calendar.domain import HolidayTable
from ipcredit.domain_errors import RuleViolation
from ipcredit.objections.domain import (
    check_information_objection, check_outcome, check_result_objection, information_due,
)
from ipcredit.supervision.domain import draw_sample, revocation_reason, sample_size

D = dt.date


def test_information_objection_within_one_year_of_collection():
    check_information_objection(D(2025, 9, 28), D(2026, 9, 28), "x")
    with pytest.raises(RuleViolation, match="1 年内"):
        check_information_objection(D(2025, 9, 28), D(2026, 9, 29), "x")


def test_information_objection_due_in_seven_working_days():
    assert information_due(D(2026, 9, 28), HolidayTable()).due == D(2026, 10, 13)


def test_result_objection_within_fifteen_days_of_delivery():
    check_result_objection(D(2026, 3, 5), D(2026, 3, 20), "依据", 0)
    with pytest.raises(RuleViolation, match="15 日内"):
        check_result_objection(D(2026, 3, 5), D(2026, 3, 21), "依据", 0)
    with pytest.raises(RuleViolation, match="尚未送达"):
        check_result_objection(None, D(2026, 3, 6), "依据", 0)
    with pytest.raises(RuleViolation, match="依据"):
        check_result_objection(D(2026, 3, 5), D(2026, 3, 6), "", 0)
    with pytest.raises(RuleViolation, match="早于送达"):
        check_result_objection(D(2026, 3, 5), D(2026, 3, 4), "依据", 0)


def test_only_one_reevaluation():
    with pytest.raises(RuleViolation, match="最终结果"):
        check_result_objection(D(2026, 3, 5), D(2026, 3, 6), "依据", 1)


def test_outcomes_need_reasons_and_only_correction_changes_facts():
    check_outcome("corrected", "核实", True)
    check_outcome("unverifiable", "无法取得原件", False)
    for bad in [("confirmed", "", False), ("corrected", "r", False), ("confirmed", "r", True), ("maybe", "r", False)]:
        with pytest.raises(RuleViolation):
            check_outcome(*bad)


def test_retention_and_disclosure_limits():
    assert retention_until(D(2026, 3, 2)) == D(2033, 3, 2)
    assert purge_due(D(2033, 3, 2), D(2033, 3, 3)) and not purge_due(D(2033, 3, 2), D(2033, 3, 2))
    assert disclosure_allowed(D(2026, 3, 2), D(2031, 3, 1))
    assert not disclosure_allowed(D(2026, 3, 2), D(2031, 3, 2))


def test_sampling_reproducible_from_seed_and_rate():
    ids = list(range(1, 41))
    a = draw_sample(ids, 7, Decimal("0.1"))
    assert a == draw_sample(list(reversed(ids)), 7, Decimal("0.1")) and len(a) == 4
    assert a != draw_sample(ids, 8, Decimal("0.1"))
    assert sample_size(3, Decimal("0.1")) == 1 and sample_size(0, Decimal("0.5")) == 0
    with pytest.raises(RuleViolation):
        sample_size(10, Decimal("0"))


def test_revocation_reasons():
    grades = ["AAA", "AA", "A"]
    dishonest = {"kind": "bad_record", "category": "listed_dishonest"}
    assert "失信" in revocation_reason(dishonest, "AAA", "AAA", grades)
    assert "降为 AA" in revocation_reason({"kind": "infringement"}, "AAA", "AA", grades)
    assert revocation_reason({"kind": "infringement"}, "AA", "AA", grades) is None
    assert revocation_reason({"kind": "national_award"}, "AA", "A", grades) is None
