"""Builders of batch-screening uploads: facts tables as CSV / XLSX / Parquet, record-table ZIPs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

EVALUATION = dt.date(2026, 3, 15)


def facts_population(n: int = 6):
    """``n`` enterprises (demo facts, varied) as (facts table, records table)."""
    from ipcredit.batch.facts_table import facts_tables
    from ipcredit.demo.service import credit_code, demo_facts
    from ipcredit.standard.facts import parse_facts

    out = []
    for i in range(n):
        doc = demo_facts(f"筛查企业{i}", credit_code(f"9133010{i:02d}MA2B3C4D"[:17]), EVALUATION)
        doc["capacity"]["valid_invention_patents"] = i * 3
        doc["capacity"]["high_value_patents"] = i
        doc["basic"]["ipms_certified"] = i % 2 == 0
        out.append(parse_facts(doc))
    return facts_tables(out)


def csv_bytes(table: pa.Table) -> bytes:
    import pyarrow.csv as pacsv

    buf = io.BytesIO()
    pacsv.write_csv(table, buf)
    return buf.getvalue()


def parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def xlsx_bytes(table: pa.Table) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(table.column_names)
    for row in table.to_pylist():
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row.values()])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def records_zip(n: int, folder: Path) -> bytes:
    """The nine synthetic record tables of ``n`` enterprises, as Parquet files in a ZIP."""
    from ipcredit.facts.synth import generate, write

    written = write(generate(n, seed=7), folder)
    return zip_bytes({p.name: p.read_bytes() for p in written})
