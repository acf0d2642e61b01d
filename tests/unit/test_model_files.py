"""The model as data: strict loading, agency models and the 70% rule of A.2.1."""

from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.errors import ModelError
from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.model import MODELS_DIR, build_model, bundled_model, load_model
from ipcredit.yamlio import load_file

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = MODELS_DIR / "t-cfie-002-2023" / "model.yaml"


def bundled_doc() -> dict:
    return load_file(BUNDLED)


def refused(doc: dict, name: str = "agency.yaml") -> list[str]:
    with pytest.raises(ModelError) as info:
        build_model(doc, name, repr(doc).encode())
    return info.value.lines()


def test_the_bundled_model_has_the_standards_structure():
    m = bundled_model()
    assert m.id == "t-cfie-002-2023"
    assert [i.id for _, i in m.indicators()] == [f"B{n}" for n in range(1, 9)] + [f"C{n}" for n in range(1, 9)]
    assert [d.raw_max for d in m.dimensions] == [40, 75]
    assert m.profiles["points"].dimensions == {"basic": 10, "capacity": 30, "behavior": 60}
    assert m.profiles["weights"].dimensions == {"basic": 25, "capacity": 40, "behavior": 35}
    assert m.content_hash.startswith("sha256:") and len(m.content_hash) == 71
    assert all(ind.clause and ind.name_en for _, ind in m.indicators())


def test_every_result_records_model_id_version_profile_and_hash():
    facts = parse_facts(load_file(ROOT / "examples/sample-a.yaml"))
    out = evaluate(facts, profile="weights").to_json()["model"]
    assert out == {"id": "t-cfie-002-2023", "version": "1.0.0", "profile": "weights",
                   "hash": bundled_model().content_hash}


def test_unknown_key_is_named():
    doc = bundled_doc()
    doc["dimensions"][0]["indicators"][0]["weight"] = 3
    assert any(line.startswith("agency.yaml: dimensions[0].indicators[0].weight: 未知字段") for line in refused(doc))


def test_a_table_that_does_not_increase_is_refused():
    doc = bundled_doc()
    doc["dimensions"][1]["indicators"][0]["rule"]["table"][2]["at_least"] = 1
    lines = refused(doc)
    assert any("dimensions[1].indicators[0].rule.step" in l and "逐行递增" in l for l in lines), lines


def test_full_marks_must_add_up_to_raw_max():
    doc = bundled_doc()
    doc["dimensions"][0]["raw_max"] = 41
    assert any("dimensions[0].raw_max: basic 各指标满分合计 40" in l for l in refused(doc))


def test_a_rule_that_cannot_reach_full_marks_is_refused():
    doc = bundled_doc()
    doc["dimensions"][0]["indicators"][3]["full"] = 6   # B4 rule gives 5
    doc["dimensions"][0]["raw_max"] = 41
    assert any("B4 规则最高得分 5 与满分 6 不符" in l for l in refused(doc))


def test_profiles_must_add_up_to_100():
    doc = bundled_doc()
    doc["profiles"]["points"]["dimensions"]["behavior"] = 50
    assert any("profiles.points.dimensions: 各维度分值合计 90" in l for l in refused(doc))


def test_unknown_facts_field_in_a_rule_is_refused():
    doc = bundled_doc()
    doc["dimensions"][1]["indicators"][0]["rule"]["field"] = "capacity.inventions"
    assert any("C1 引用了不存在的事实字段 'capacity.inventions'" in l for l in refused(doc))


def _with_agency_dimension(points: dict) -> dict:
    doc = bundled_doc()
    doc["id"] = "agency-x"
    doc["dimensions"].append({
        "id": "agency", "name": "机构自设", "agency": True, "raw_max": 10,
        "indicators": [{"id": "X1", "name": "自设指标", "full": 10,
                        "rule": {"type": "flag", "label": "自设", "when": "custom.x1", "points": 10}}],
    })
    doc["profiles"] = {"points": {"name": "机构口径", "dimensions": points}}
    return doc


def test_agency_indicators_within_the_70_percent_rule_are_accepted():
    model = build_model(_with_agency_dimension({"basic": 10, "capacity": 30, "behavior": 30, "agency": 30}), "a.yaml", b"a")
    facts = parse_facts({"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
                         "enterprise": {"name": "甲", "credit_code": "91440300708461136T"}, "custom": {"x1": True}})
    result = evaluate(facts, model)
    assert result.dimension("agency").score == Decimal(30)
    assert result.total == Decimal(60)


def test_agency_indicators_above_30_percent_are_refused_with_the_reason():
    lines = refused(_with_agency_dimension({"basic": 10, "capacity": 20, "behavior": 39, "agency": 31}))
    assert any("标准所列要素指标仅占 69%，低于 A.2.1 规定的 70%" in l for l in lines), lines


def test_an_extra_dimension_must_say_it_is_the_agencys():
    doc = _with_agency_dimension({"basic": 10, "capacity": 30, "behavior": 50, "agency": 10})
    doc["dimensions"][-1]["agency"] = False
    assert any("自设维度 agency 须标明 agency: true" in l for l in refused(doc))


def test_the_example_agency_overlay_loads_and_changes_the_table():
    model = load_model(ROOT / "examples/agency-model.yaml")
    assert model.id == "example-agency-2026"
    assert list(model.profiles) == ["points"]
    c1 = model.indicator("C1").rule
    assert [row.at_least for row in c1.table] == [0, 1, 2, 5, 10, 15]
    assert model.indicator("C2") == bundled_model().indicator("C2")
    assert model.content_hash != bundled_model().content_hash
    facts = parse_facts({"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
                         "enterprise": {"name": "甲", "credit_code": "91440300708461136T"},
                         "capacity": {"valid_invention_patents": 2},
                         "custom": {"data_compliance_audit": True, "ip_insurance_wan": 600}})
    result = evaluate(facts, model)
    assert result.indicator("C1").points == 2
    assert result.dimension("agency").raw == 10
    # capacity 2/75 × 25 = 0.67; behaviour 55; agency 10
    assert result.total == Decimal("65.67")


def test_an_overlay_on_an_unknown_base_is_refused():
    assert any("未知的基础模型 'gb-9999'" in l for l in refused({"extends": "gb-9999"}))


def test_an_unknown_profile_is_refused():
    with pytest.raises(ModelError) as info:
        bundled_model().profile("percent")
    assert "没有口径 'percent'" in info.value.lines()[0]
