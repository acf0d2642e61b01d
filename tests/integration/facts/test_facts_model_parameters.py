"""The high-value pledge threshold and maintained years are model parameters (agency models)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import ipcredit
from ipcredit.cli.main import app, register_groups
from tests.unit.facts.facts_golden_io import CODE, write_tables

register_groups()
MODEL = Path(ipcredit.__file__).parent / "models" / "t-cfie-002-2023" / "model.yaml"


def _c6(records: Path, *extra: str) -> int:
    out = CliRunner().invoke(app, ["evaluate", "--records", str(records), "--enterprise", CODE,
                                   "--evaluation-date", "2026-03-15", "--format", "json", *extra])
    assert out.exit_code == 0, out.output
    return next(i["points"] for i in json.loads(out.stdout)["indicators"] if i["id"] == "C6")


def test_agency_threshold_changes_high_value_count(tmp_path):
    records = write_tables({
        "patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2020-01-01", "授权日": "2021-01-01"}],
        "transactions": [{"类别": "质押", "登记日": "2024-01-01", "金额（万元）": 600, "涉及专利号": "A1"}],
    }, tmp_path / "records")
    text = MODEL.read_text(encoding="utf-8")
    assert "high_value_pledge_threshold_wan: 1000" in text
    agency = tmp_path / "agency.yaml"
    agency.write_text(text.replace("high_value_pledge_threshold_wan: 1000", "high_value_pledge_threshold_wan: 500"),
                      encoding="utf-8")
    assert _c6(records) == 0
    assert _c6(records, "--model", str(agency)) == 3
