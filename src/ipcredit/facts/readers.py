"""Record files → validated rows, every problem reported in one pass, nothing returned on error.

`load_records(path)` reads a folder or a workbook and returns a `RecordSet`, or raises
`InputError` whose problems each name the file, the row and the column:
``patents.xlsx 第 12 行 申请日: 日期格式错误 '2023-13-01'，应为 YYYY-MM-DD (invalid date)``.

With ``enterprise=CODE`` only that enterprise's rows are converted and checked (so that one
enterprise can be taken from a province-sized Parquet set quickly); duplicate patent numbers
are then checked among its rows. `ipcredit facts check` validates everything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ipcredit.errors import InputError, Problem
from ipcredit.facts.checks import row_problems, set_problems
from ipcredit.facts.convert import convert, is_empty
from ipcredit.facts.sources import RawTable, open_sources
from ipcredit.facts.rows import RecordSet, Row
from ipcredit.facts.tables import Column


def _norm(header: str) -> str:
    return re.sub(r"\s+", "", str(header)).replace("（", "(").replace("）", ")").lower()


def map_headers(raw: RawTable) -> tuple[dict[int, Column], list[Problem]]:
    """Column position → column; unknown headers are ignored, missing required ones reported."""
    by_name = {_norm(n): c for c in raw.table.columns for n in c.names()}
    mapping: dict[int, Column] = {}
    problems = []
    seen: dict[str, str] = {}
    for pos, header in enumerate(raw.headers):
        col = by_name.get(_norm(header))
        if col is None:
            continue
        if col.name in seen:
            problems.append(Problem(f"{raw.source} 第 1 行 {header}", f"与列 {seen[col.name]} 重复 (duplicate column)"))
            continue
        seen[col.name] = header
        mapping[pos] = col
    for col in raw.table.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(raw.source, f"缺少必填列 {col.header} (required column missing: {col.name})"))
    return mapping, problems


def _raw_rows(raw: RawTable, mapping: dict[int, Column], enterprise: str | None):
    if raw.path is None:
        code_pos = next(p for p, c in mapping.items() if c.name == "credit_code")
        for line, cells in raw.rows:
            if enterprise is None or str(cells[code_pos] or "").strip().upper() == enterprise:
                yield line, cells
        return
    yield from _parquet_rows(raw, mapping, enterprise)


def _parquet_rows(raw: RawTable, mapping: dict[int, Column], enterprise: str | None):
    """Rows of a Parquet file, row group by row group; with a filter only matching groups are read."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    code_name = raw.headers[next(p for p, c in mapping.items() if c.name == "credit_code")]
    wanted = [raw.headers[p] for p in mapping]
    file = pq.ParquetFile(raw.path)
    offset = 0
    for group in range(file.num_row_groups):
        size = file.metadata.row_group(group).num_rows
        if enterprise is None:
            picked, data = None, file.read_row_group(group, columns=wanted)
        else:
            codes = file.read_row_group(group, columns=[code_name]).column(0)
            picked = pc.indices_nonzero(pc.equal(codes, pa.scalar(enterprise)))
            data = file.read_row_group(group, columns=wanted).take(picked) if len(picked) else None
        if data is not None:
            columns = {h: data.column(h).to_pylist() for h in wanted}
            index = picked.to_pylist() if picked is not None else range(data.num_rows)
            for i, at in enumerate(index):
                yield offset + at + 2, tuple(columns[h][i] if h in columns else None for h in raw.headers)
        offset += size


def convert_row(raw: RawTable, mapping: dict[int, Column], line: int, cells: tuple) -> tuple[Row, list[Problem]]:
    values: dict[str, Any] = {c.name: (False if c.type == "bool" else None) for c in raw.table.columns}
    problems = []
    for pos, col in mapping.items():
        cell = cells[pos] if pos < len(cells) else None
        where = f"{raw.source} 第 {line} 行 {raw.headers[pos]}"
        if col.required and is_empty(cell):
            problems.append(Problem(where, "必填项为空 (required value missing)"))
            continue
        value, message = convert(col, cell)
        if message:
            problems.append(Problem(where, message))
        values[col.name] = value
    return Row(raw.table.name, raw.source, line, values), problems


def read_table(raw: RawTable, enterprise: str | None) -> tuple[list[Row], list[Problem]]:
    mapping, problems = map_headers(raw)
    if problems:
        return [], problems
    headers = {c.name: raw.headers[p] for p, c in mapping.items()}
    rows = []
    for line, cells in _raw_rows(raw, mapping, enterprise):
        row, row_errors = convert_row(raw, mapping, line, cells)
        if not row_errors:
            row_errors = row_problems(row, lambda name: f"{row.ref} {headers.get(name, raw.table.column(name).header)}")
        problems.extend(row_errors)
        rows.append(row)
    return rows, problems


def load_records(path: Path, enterprise: str | None = None) -> RecordSet:
    """Validated rows of every table at ``path``; `InputError` with all problems otherwise."""
    enterprise = enterprise.strip().upper() if enterprise else None
    problems: list[Problem] = []
    tables: dict[str, list[Row]] = {}
    for raw in open_sources(path):
        rows, errors = read_table(raw, enterprise)
        tables[raw.table.name] = rows
        problems.extend(errors)
    records = RecordSet(tables)
    if not problems:
        problems.extend(set_problems(records))
    if enterprise and not problems and not records.rows("enterprises"):
        problems.append(Problem(str(path), f"enterprises 表中没有企业 {enterprise} (enterprise not found)"))
    if problems:
        raise InputError(problems)
    return records

