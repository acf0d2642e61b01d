"""Golden derivation cases (tests/data/facts/golden/*.yaml): record tables → expected facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ipcredit.standard import parse_facts
from tests.unit.facts.facts_golden_io import GOLDEN, derive_case, load_case, value_at

CASES = sorted(p.name for p in GOLDEN.glob("*.yaml"))


def _norm(value):
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, (str, float)) and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except Exception:
            return value
    return value


@pytest.mark.parametrize("name", CASES)
def test_golden_case(name, tmp_path):
    case = load_case(name)
    derivation = derive_case(case, tmp_path)
    doc = derivation.document
    parse_facts(doc)  # every derived document is valid facts-v1
    for path, expected in case["expected"].items():
        if path == "record_kinds":
            assert [r["kind"] for r in doc["records"]] == expected
            continue
        assert _norm(value_at(doc, path)) == _norm(expected), path
    for path, keys in case.get("counted", {}).items():
        assert sorted(e.key for e in derivation.counted(path)) == sorted(keys), path


def test_every_rule_has_a_golden_case():
    names = " ".join(CASES)
    for topic in ("lapse", "windows", "leap", "high_value", "gbt29490_before", "gbt29490_after", "records"):
        assert topic in names
