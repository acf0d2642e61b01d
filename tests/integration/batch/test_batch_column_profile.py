"""What a Parquet file's own statistics let the DuckDB plan leave out (`duck.profile`,
`typed.ColumnType`) must never change a result: the same files written with and without
statistics (and with the enum values not looked up) give the same results and problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ipcredit.batch import duck
from ipcredit.batch.run import record_files, score_records
from ipcredit.batch.typed import ColumnType
from ipcredit.facts.synth import generate, write

E = dt.date(2026, 3, 15)


def _set(table: pa.Table, col: str, values: list) -> pa.Table:
    return table.set_column(table.schema.get_field_index(col), col, pa.array(values, table.schema.field(col).type))


def _dirty(folder: Path) -> None:
    """Chinese labels, a wrong enum value, an empty and a missing required cell, a NULL bool,
    a column of nothing but NULLs: everything a shortcut could get wrong."""
    patents = pq.read_table(folder / "patents.parquet")
    types = patents.column("patent_type").to_pylist()
    types[0], types[1], types[2] = "发明", "外观设计专利", "不是类型"
    numbers = patents.column("patent_number").to_pylist()
    numbers[3] = ""
    days = patents.column("application_date").to_pylist()
    days[4] = None
    award = patents.column("award").to_pylist()
    award[5] = None
    patents = _set(_set(_set(_set(patents, "patent_type", types), "patent_number", numbers), "application_date", days),
                   "award", award)
    pq.write_table(patents, folder / "patents.parquet")
    rights = pq.read_table(folder / "other_rights.parquet")
    pq.write_table(_set(rights, "number", [None] * rights.num_rows), folder / "other_rights.parquet")


def _outcome(folder: Path):
    out = score_records(record_files(folder), E)
    problems = sorted((p["credit_code"] or "", p["source"], p["line_no"], p["column_name"], p["message"])
                      for p in out.problems.to_pylist())
    return out.results.to_pylist(), problems


def test_statistics_and_enum_values_change_nothing(tmp_path, monkeypatch):
    write(generate(60, 41), tmp_path / "with")
    _dirty(tmp_path / "with")
    bare = tmp_path / "without"
    bare.mkdir()
    for path in (tmp_path / "with").glob("*.parquet"):
        pq.write_table(pq.read_table(path), bare / path.name, write_statistics=False)
    seen: list[ColumnType] = []
    real = duck.profile
    monkeypatch.setattr(duck, "profile", lambda *a: seen.append(r := real(*a)) or r)
    with_stats = _outcome(tmp_path / "with")
    assert any(t.no_null and t.no_blank for found in seen for t in found.values())       # shortcuts were taken
    assert any(t.all_null for found in seen for t in found.values())
    assert any(t.values and "发明" in t.values for found in seen for t in found.values())
    monkeypatch.setattr(duck, "ENUM_VALUES_MAX", -1)  # no enum values known either
    without = _outcome(bare)
    assert with_stats == without
    results, problems = with_stats
    found = {(p[3], p[4][:6]) for p in problems}
    assert {("专利类型", "取值无效 ("), ("申请号", "必填项为空 "), ("申请日", "必填项为空 "), ("登记号", "必填项为空 ")} <= found
    assert len(results) > 0


@pytest.mark.parametrize("value", ["", None])
def test_an_enum_column_of_codes_only_still_reports_an_empty_required_cell(tmp_path, value):
    write(generate(20, 42), tmp_path)
    patents = pq.read_table(tmp_path / "patents.parquet")
    types = patents.column("patent_type").to_pylist()
    types[7] = value
    pq.write_table(_set(patents, "patent_type", types), tmp_path / "patents.parquet")
    out = score_records(record_files(tmp_path), E)
    assert [(p["line_no"], p["column_name"]) for p in out.problems.to_pylist()] == [(9, "专利类型")]
