"""Derive → evaluate equals evaluating the same enterprise's hand-written facts file."""

from __future__ import annotations

from pathlib import Path

import yaml

from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file
from tests.unit.facts.facts_golden_io import derive_case

DATA = Path(__file__).resolve().parents[2] / "data" / "facts" / "roundtrip"


def _without_record_ids(result: dict) -> dict:
    # derived records carry their source row as id; the hand-written ones have none
    for rec in result.get("records", []):
        rec.pop("id", None)
    return result


def test_derived_facts_score_like_hand_written_facts(tmp_path):
    case = yaml.safe_load((DATA / "records.yaml").read_text(encoding="utf-8"))
    derived = parse_facts(derive_case(case, tmp_path).document)
    written = parse_facts(load_file(DATA / "facts.yaml"))
    got, want = evaluate(derived).to_json(), evaluate(written).to_json()
    assert got["total"] == want["total"] and got["grade"] == want["grade"]
    assert got["indicators"] == want["indicators"]
    assert _without_record_ids(got) == _without_record_ids(want)


def test_derived_document_fields_equal_hand_written(tmp_path):
    case = yaml.safe_load((DATA / "records.yaml").read_text(encoding="utf-8"))
    derived = parse_facts(derive_case(case, tmp_path).document)
    written = parse_facts(load_file(DATA / "facts.yaml"))
    assert derived.capacity == written.capacity
    assert derived.basic == written.basic
    assert derived.enterprise == written.enterprise
