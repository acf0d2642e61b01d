"""§4.1 / §4.2 / §4.3.2 rules, pure."""

import datetime as dt

from ipcredit.agencies.domain import (
    AgencyProfile, EvaluatorProfile, agency_problems, evaluator_problems, interest_blocks, lead_problems,
    years_of_service,
)

ON = dt.date(2026, 6, 1)
GOOD = EvaluatorProfile("甲", True, True, dt.date(2020, 1, 1))


def test_qualified_evaluator_has_no_problems():
    assert evaluator_problems(GOOD, ON) == [] and lead_problems(GOOD, ON) == []


def test_missing_qualification_or_training():
    assert "信用从业资格" in evaluator_problems(EvaluatorProfile("乙", False, True, None), ON)[0]
    assert "培训" in evaluator_problems(EvaluatorProfile("乙", True, False, None), ON)[0]


def test_discipline_counts_for_three_years_only():
    recent = EvaluatorProfile("丙", True, True, None, (dt.date(2023, 6, 2),))
    old = EvaluatorProfile("丙", True, True, None, (dt.date(2023, 6, 1),))
    assert "3 年内受过处分" in evaluator_problems(recent, ON)[0]
    assert evaluator_problems(old, ON) == []


def test_project_lead_needs_two_years():
    assert years_of_service(EvaluatorProfile("丁", True, True, dt.date(2024, 6, 1)), ON) == 2
    assert lead_problems(EvaluatorProfile("丁", True, True, dt.date(2024, 6, 1)), ON) == []
    short = lead_problems(EvaluatorProfile("丁", True, True, dt.date(2024, 6, 2)), ON)
    assert len(short) == 1 and "至少 2 年" in short[0]
    assert years_of_service(EvaluatorProfile("戊", True, True, None), ON) == 0


def test_agency_needs_seven_qualified_licence_and_filing():
    ok = AgencyProfile("机构", "L", "BA", 7)
    assert agency_problems(ok) == []
    assert "少于 7 名" in agency_problems(AgencyProfile("机构", "L", "BA", 6))[0]
    assert "许可编号" in agency_problems(AgencyProfile("机构", " ", "BA", 7))[0]
    assert "备案编号" in agency_problems(AgencyProfile("机构", "L", None, 7))[0]
    assert "被取消" in agency_problems(AgencyProfile("机构", "L", "BA", 9, dt.date(2026, 1, 1)))[0]


def test_interest_relation_blocks():
    assert interest_blocks({"91110108MA01Q2R3TN"}, "91110108MA01Q2R3TN")
    assert not interest_blocks({"91110108MA01Q2R3TN"}, "913301060000000013")
