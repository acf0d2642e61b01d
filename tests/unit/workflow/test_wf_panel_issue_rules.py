"""Panel (§5.3.7), report numbers and verification codes — pure."""

import datetime as dt

from ipcredit.issuance.domain import (
    CODE_ALPHABET, format_report_number, new_verification_code, normalize_code, public_status,
)
from ipcredit.reviews.domain import Seat, decision_problems, panel_problems, tally

FIVE = [Seat("甲", "lead"), Seat("乙", "reviewer"), Seat("丙", "reviewer"), Seat("丁", "expert"), Seat("戊", "expert")]


def test_valid_panel():
    assert panel_problems(FIVE) == []
    assert panel_problems(FIVE + [Seat("己", "expert"), Seat("庚", "reviewer")]) == []


def test_panel_size_odd_and_at_least_five():
    assert any("少于 5 人" in p for p in panel_problems(FIVE[:3]))
    assert any("奇数" in p for p in panel_problems(FIVE + [Seat("己", "expert")]))


def test_panel_roles():
    assert any("专业评审" in p for p in panel_problems([s if s.role != "reviewer" else Seat(s.name, "expert") for s in FIVE]))
    assert any("项目负责人" in p for p in panel_problems([Seat("甲", "reviewer")] + FIVE[1:]))
    assert any("专家" in p for p in panel_problems([s if s.role != "expert" else Seat(s.name, "reviewer") for s in FIVE]))
    assert any("未知角色" in p for p in panel_problems(FIVE[:4] + [Seat("戊", "observer")]))


def test_conflicted_and_duplicate_members_excluded():
    assert any("回避" in p for p in panel_problems(FIVE[:4] + [Seat("戊", "expert", conflicted=True)]))
    assert any("两个席位" in p for p in panel_problems(FIVE[:4] + [Seat("甲", "expert")]))


def test_majority_of_all_members():
    assert tally(["AA", "AA", "AA", "A", "A"], 5) == "AA"
    assert tally(["AA", "AA", "A", "A"], 5) is None  # 2 of 5 is no majority, even if most common
    assert tally(["AA", "AA", "A"], 5) is None  # most of the votes cast, but not of the members
    assert tally(["return"] * 3 + ["AAA", "AAA"], 5) == "return"
    assert tally([], 5) is None


def test_reasons_required_when_grade_differs_from_draft():
    assert decision_problems("AA", "AA", None) == []
    assert "须写明评审理由" in decision_problems("A", "AA", " ")[0]
    assert decision_problems("A", "AA", "核减") == []


def test_report_number_and_verification_code():
    assert format_report_number("ZX", 2026, 7) == "ZX-2026-0007"
    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert len(code) == 14 and all(c in CODE_ALPHABET for c in code.replace("-", ""))
    assert normalize_code(code.lower().replace("-", " ")) == code


def test_public_status():
    until = dt.date(2029, 3, 1)
    assert public_status("valid", until, until) == "valid"
    assert public_status("valid", until, dt.date(2029, 3, 2)) == "expired"
    assert public_status("revoked", until, dt.date(2027, 1, 1)) == "revoked"
