"""Any cell text gives valid rows or an InputError naming the place — never another exception."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.errors import InputError
from ipcredit.facts.derive import derive
from ipcredit.facts.readers import load_records
from ipcredit.facts.tables import TABLES
from ipcredit.standard import parse_facts
from tests.unit.facts.facts_golden_io import CODE, write_tables

cells = st.one_of(st.text(max_size=12), st.sampled_from(["", "是", "否", "2024-02-29", "2023-02-29", "1e9",
                                                         "-0", "NaN", "Infinity", "12%", "发明", "CN1;CN2", "1.5"]))


@settings(derandomize=True, max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TABLES), st.data())
def test_random_cells_never_crash(table, data):
    row = {c.header: data.draw(cells) for c in table.columns if c.name not in ("credit_code", "owner")}
    if table.name == "enterprises":
        row["企业名称"] = data.draw(st.text(min_size=1, max_size=8).filter(str.strip))
    with tempfile.TemporaryDirectory() as folder:
        try:
            records = load_records(write_tables({table.name: [row]}, Path(folder)))
        except InputError as exc:
            assert exc.lines() and all(f"{table.name}.csv" in line for line in exc.lines())
        else:
            assert len(records.rows(table.name)) == 1
            # rows that import also derive into a valid facts-v1 document
            parse_facts(derive(records, CODE, dt.date(2026, 12, 31)).document)


@pytest.mark.parametrize(("text", "message"), [("NaN", "应为数字"), ("Infinity", "应为数字"), ("-Infinity", "应为数字"),
                                             ("1e999999", "金额过大"), ("1000000000000", "金额过大")])
def test_non_finite_or_absurd_amounts_are_rejected(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_records(write_tables({"disputes": [{"裁判日期": "2024-01-01", "获赔或避免损失（万元）": text}]}, tmp_path))
