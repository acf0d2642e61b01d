"""What-if: suggestions are real engine results, ranked, and the plan reaches the next grade."""

from decimal import Decimal
from pathlib import Path

from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.whatif import apply_change, what_if
from ipcredit.yamlio import load_file

ROOT = Path(__file__).resolve().parents[2]


def facts(**sections):
    doc = {"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
           "enterprise": {"name": "甲", "credit_code": "91440300708461136T"}}
    doc.update(sections)
    return parse_facts(doc)


def test_the_next_step_of_a_table_is_the_smallest_change():
    w = what_if(facts(capacity={"valid_invention_patents": 2}))
    c1 = next(s for s in w.suggestions if s.target == "C1")
    assert c1.change == "+1 项有效发明专利（2 → 3）"
    assert c1.effect == "C1 +1 分"
    assert c1.gain == Decimal("0.40")


def test_amount_above_zero_step():
    w = what_if(facts())
    c4 = next(s for s in w.suggestions if s.target == "C4")
    assert c4.gain == Decimal("0.80")
    assert "0.01万元" in c4.change


def test_suggestions_are_ranked_by_gain_and_each_gain_is_what_the_engine_gives():
    f = parse_facts(load_file(ROOT / "examples/demo.yaml"))
    base = evaluate(f)
    w = what_if(f)
    assert [s.gain for s in w.suggestions] == sorted((s.gain for s in w.suggestions), reverse=True)
    for s in w.suggestions:
        assert evaluate(apply_change(f, s.applied)).total - base.total == s.gain


def test_the_plan_reaches_the_next_grade():
    f = parse_facts(load_file(ROOT / "examples/demo.yaml"))
    w = what_if(f)
    assert w.next_grade.grade == "AAA" and w.plan_reaches
    for s in w.plan:
        f = apply_change(f, s.applied)
    assert evaluate(f).total >= 80


def test_repair_of_a_counted_deduction_is_suggested():
    w = what_if(facts(records=[{"kind": "bad_record", "category": "false_materials", "date": "2025-01-01"}]))
    repair = next(s for s in w.suggestions if s.target == "N4")
    assert "信用修复" in repair.change and repair.gain == Decimal(10)


def test_a_gate_is_satisfied_together_with_the_part():
    w = what_if(facts())
    b3 = [s for s in w.suggestions if s.target == "B3"]
    assert max(s.gain for s in b3) == Decimal("0.75")   # formulated (2) + culture (1) = 3 → 0.75
    assert any("同时须 制定知识产权战略" in s.change for s in b3)


def test_top_grade_has_no_next_grade():
    w = what_if(parse_facts(load_file(ROOT / "examples/sample-a.yaml")))
    assert w.next_grade is None and w.plan == [] and w.gap == 0
    assert w.suggestions


def test_nothing_to_gain_when_everything_is_full():
    full = load_file(ROOT / "src/ipcredit/models/t-cfie-002-2023/cases/017-steps-row5-exact-full.yaml")["facts"]
    full["basic"] = load_file(ROOT / "src/ipcredit/models/t-cfie-002-2023/cases/035-basic-full.yaml")["facts"]["basic"]
    w = what_if(parse_facts(full))
    assert w.evaluation.total == 100
    assert w.suggestions == []
