"""facts-v1 documents ↔ the facts table (one row per enterprise) and its records table.

`facts_rows(facts_list)` gives the two tables as Arrow tables — the layout `ipcredit batch
score --facts` reads (see `ipcredit.batch.columns`), used by tests and to turn a folder of
facts files into a table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa

from ipcredit.batch.columns import fact_column, ratio_columns, scored_fields
from ipcredit.facts.tables import RECORDS
from ipcredit.standard.facts import Facts

ARROW = {"bool": pa.bool_(), "count": pa.int64(), "amount": pa.decimal128(18, 4), "ratio": pa.decimal128(18, 9)}


def facts_row(facts: Facts) -> dict[str, Any]:
    ent = facts.enterprise
    row: dict[str, Any] = {
        "credit_code": ent.credit_code, "name": ent.name, "industry": ent.industry,
        "evaluation_date": facts.evaluation_date, "base_date": facts.base_date,
    }
    for path, kind in scored_fields().items():
        value = facts.get(path)
        col = fact_column(path)
        if kind == "ratios":
            for i, c in enumerate(ratio_columns(col)):
                row[c] = value[i] if i < len(value) else None
        else:
            row[col] = value
    for name, value in facts.custom.items():
        row[f"custom_{name}"] = Decimal(int(value)) if isinstance(value, bool) else value
    return row


def _schema(rows: list[dict[str, Any]]) -> pa.Schema:
    fields = [pa.field("credit_code", pa.string()), pa.field("name", pa.string()), pa.field("industry", pa.string()),
              pa.field("evaluation_date", pa.date32()), pa.field("base_date", pa.date32())]
    for path, kind in scored_fields().items():
        col = fact_column(path)
        if kind == "ratios":
            fields += [pa.field(c, ARROW["ratio"]) for c in ratio_columns(col)]
        else:
            fields.append(pa.field(col, ARROW[kind]))
    custom = sorted({k for r in rows for k in r if k.startswith("custom_")})
    return pa.schema(fields + [pa.field(c, ARROW["amount"]) for c in custom])


def record_rows(facts: Facts) -> list[dict[str, Any]]:
    out = []
    for rec in facts.records:
        row = {c.name: getattr(rec, c.name, None) for c in RECORDS.columns if c.name != "credit_code"}
        out.append({"credit_code": facts.enterprise.credit_code, **row})
    return out


def facts_tables(facts_list: list[Facts]) -> tuple[pa.Table, pa.Table]:
    """(facts table, records table) as Arrow tables, in the order given."""
    rows = [facts_row(f) for f in facts_list]
    schema = _schema(rows)
    facts = pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)
    recs = [r for f in facts_list for r in record_rows(f)]
    rec_schema = pa.schema([pa.field(c.name, c.arrow_type) for c in RECORDS.columns])
    for r in recs:
        if r.get("deduction") is not None:
            r["deduction"] = Decimal(r["deduction"])
    rec_schema = rec_schema.set(rec_schema.get_field_index("deduction"), pa.field("deduction", pa.decimal128(18, 4)))
    records = pa.Table.from_pylist(recs, schema=rec_schema)
    return facts, records
