"""Case state machine, ban, validity, collection rules and fact documents — pure."""

import datetime as dt

import pytest

from ipcredit.cases.domain import (
    STATES, TRANSITIONS, Ban, Signature, add_years, ban_end, check_not_banned, check_transition,
    drafting_problems, interview_problems, valid_until,
)
from ipcredit.cases.facts_document import assemble, document_hash, flatten, jsonable, parse_value
from ipcredit.domain_errors import RuleViolation
from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file

D = dt.date
MAIN_PATH = ["applied", "contracted", "preparing", "collecting", "drafting", "in_review", "issued", "archived"]


def test_main_path_is_allowed_step_by_step():
    for current, target in zip(MAIN_PATH, MAIN_PATH[1:]):
        check_transition(current, target)


@pytest.mark.parametrize("current,target", [
    ("applied", "issued"), ("collecting", "in_review"), ("drafting", "issued"), ("issued", "drafting"),
    ("rejected", "applied"), ("cancelled", "collecting"), ("revoked", "issued"), ("archived", "issued"),
])
def test_skipping_or_leaving_terminal_states_is_refused(current, target):
    with pytest.raises(RuleViolation, match="不能转为"):
        check_transition(current, target)


def test_side_exits():
    check_transition("applied", "rejected")
    check_transition("in_review", "drafting")  # panel sends back
    check_transition("drafting", "collecting")
    check_transition("issued", "revoked")
    check_transition("archived", "cancelled")
    assert all(TRANSITIONS[s] == () for s in ("rejected", "cancelled", "revoked"))
    assert set(TRANSITIONS) == set(STATES)


def test_unknown_state_refused():
    with pytest.raises(RuleViolation, match="未知状态"):
        check_transition("applied", "approved")


def test_ban_lasts_three_years_from_discovery():
    assert ban_end(D(2026, 5, 1)) == D(2029, 4, 30)
    bans = [Ban(D(2026, 5, 1), ban_end(D(2026, 5, 1)), "伪造")]
    with pytest.raises(RuleViolation, match="§6.3"):
        check_not_banned(bans, D(2029, 4, 30), "某公司")
    check_not_banned(bans, D(2029, 5, 1), "某公司")
    check_not_banned(bans, D(2026, 4, 30), "某公司")


def test_validity_is_three_years_minus_one_day():
    assert valid_until(D(2026, 3, 2)) == D(2029, 3, 1)
    assert valid_until(D(2026, 1, 1)) == D(2028, 12, 31)
    assert valid_until(D(2024, 2, 29)) == D(2027, 2, 28)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)


def test_interview_needs_both_signatures_and_content():
    sigs = [Signature("甲", "interviewer", D(2026, 1, 5)), Signature("乙", "interviewee", D(2026, 1, 5))]
    assert interview_problems("甲", "乙", "摘要", sigs) == []
    assert any("被访谈人签字" in p for p in interview_problems("甲", "乙", "摘要", sigs[:1]))
    assert any("访谈人签字" in p for p in interview_problems("甲", "乙", "摘要", sigs[1:]))
    assert any("摘要" in p for p in interview_problems("甲", "乙", " ", sigs))
    assert any("被访谈人" in p for p in interview_problems("甲", "", "摘要", sigs))


def test_drafting_needs_verified_facts_and_interview():
    assert drafting_problems(["verified", "unverifiable"], 1) == []
    assert "尚未核实" in drafting_problems(["verified", "unverified"], 1)[0]
    assert "访谈" in drafting_problems(["verified"], 0)[0]
    assert "尚未收集" in drafting_problems([], 1)[0]


def test_flatten_assemble_round_trip_scores_the_same(root):
    raw = load_file(root / "examples" / "sample-a.yaml")
    entries = flatten(raw)
    assert entries["basic.ip_strategy.formulated"] is True
    assert sum(1 for p in entries if p.startswith("records.")) == len(raw["records"])
    again = evaluate(parse_facts(assemble(entries)))
    assert again.to_json() == evaluate(parse_facts(raw)).to_json()
    assert document_hash(assemble(entries)) == document_hash(assemble(dict(reversed(list(entries.items())))))


def test_values_are_plain_json():
    from decimal import Decimal

    assert jsonable({"a": Decimal("0.045"), "b": Decimal("12"), "d": D(2026, 1, 2)}) == {"a": 0.045, "b": 12, "d": "2026-01-02"}
    assert parse_value("true") is True and parse_value("[0.1, 0.2]") == [0.1, 0.2] and parse_value("2026-01-02") == "2026-01-02"
