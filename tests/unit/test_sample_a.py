import json
from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("profile", ["points", "weights"])
def test_sample_a_matches_the_expected_result(profile):
    expected = json.loads((ROOT / "tests/data/sample-a.expected.json").read_text())[profile]
    result = evaluate(parse_facts(load_file(ROOT / "examples/sample-a.yaml")), profile=profile)
    assert result.dimension("basic").score == Decimal(str(expected["basic"]))
    assert result.dimension("capacity").score == Decimal(str(expected["capacity"]))
    assert result.dimension("behavior").score == Decimal(str(expected["behavior"]))
    assert result.total == Decimal(str(expected["total"]))
    assert result.grade.grade == expected["grade"]
    for ind_id, points in expected.get("indicators", {}).items():
        assert result.indicator(ind_id).points == Decimal(str(points)), ind_id
