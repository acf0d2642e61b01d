"""Golden cases: data files under the model's folder (facts + expected results), run as tests.

Each case file has ``name``, ``facts`` (a facts-v1 document) and ``expected`` keyed by
profile (``points``, ``weights``) with dimension scores, total, grade and optionally
indicator points. The expectations were computed by hand from SPEC §2, not by the engine.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.model import MODELS_DIR
from ipcredit.yamlio import load_file

CASES = sorted((MODELS_DIR / "t-cfie-002-2023" / "cases").glob("*.yaml"))


def _params():
    for path in CASES:
        case = load_file(path)
        for profile, expected in case["expected"].items():
            yield pytest.param(path, profile, expected, id=f"{path.stem}[{profile}]")


def test_there_are_enough_golden_cases():
    assert len(CASES) >= 31


@pytest.mark.parametrize(("path", "profile", "expected"), list(_params()))
def test_golden_case(path: Path, profile: str, expected: dict):
    case = load_file(path)
    result = evaluate(parse_facts(case["facts"], str(path)), profile=profile)
    got = {d.id: d.score for d in result.dimensions}
    for dim in ("basic", "capacity", "behavior"):
        assert got[dim] == Decimal(str(expected[dim])), f"{case['name']}: {dim}"
    assert result.total == Decimal(str(expected["total"])), case["name"]
    assert result.grade.grade == expected["grade"], case["name"]
    for ind_id, points in (expected.get("indicators") or {}).items():
        assert result.indicator(ind_id).points == Decimal(str(points)), f"{case['name']}: {ind_id}"
