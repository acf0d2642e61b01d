"""Parquet files: canonical or Chinese column names, owner-identified rows, true row numbers."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from ipcredit.facts.readers import load_records
from tests.unit.facts.facts_golden_io import CODE, write_tables

OTHER = "91330106MA2B3C4D5D"


def test_filtered_parquet_rows_keep_their_row_numbers(tmp_path):
    write_tables({"enterprises": [{"企业名称": "示例科技有限公司"}, {"统一社会信用代码": OTHER, "企业名称": "乙公司"}]}, tmp_path)
    table = pa.table({
        "credit_code": [OTHER, None, CODE, None],
        "申请号": ["A1", "A2", "A3", "A4"],
        "patent_type": ["invention", "发明", "design", "utility_model"],
        "application_date": pa.array([dt.date(2020, 1, 1)] * 4, pa.date32()),
        "当前专利权人": [None, "示例科技有限公司", None, "乙公司"],
    })
    pq.write_table(table, tmp_path / "patents.parquet", row_group_size=2)
    mine = load_records(tmp_path, CODE).rows("patents")
    assert [(r.ref, r["patent_number"], r["credit_code"]) for r in mine] == [
        ("patents.parquet 第 3 行", "A2", CODE), ("patents.parquet 第 4 行", "A3", CODE)]
    everything = load_records(tmp_path).rows("patents")
    assert [r["credit_code"] for r in everything] == [OTHER, CODE, CODE, OTHER]
