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
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Wanted:
    """The enterprise to keep: its credit code, and its names (for rows identified by owner)."""

    code: str
    names: frozenset[str] = frozenset()

    def keeps(self, code: Any, owner: Any) -> bool:
        text = str(code or "").strip().upper()
        if text:
            return text == self.code
        return bool(self.names & set(owner_names(owner)))


OWNER_SEPARATORS = "[;；,，]"


def owner_names(owner: Any) -> list[str]:
    """Owner names of a patent row (当前专利权人 may list several, separated by ; or ,), each
    without the blanks around it."""
    return [n for n in (part.strip() for part in re.split(OWNER_SEPARATORS, str(owner or ""))) if n]


def _position(mapping: dict[int, Column], name: str) -> int | None:
    return next((p for p, c in mapping.items() if c.name == name), None)


def _raw_rows(raw: RawTable, mapping: dict[int, Column], wanted: Wanted | None):
    if raw.path is not None:
        yield from _parquet_rows(raw, mapping, wanted)
        return
    code_pos, owner_pos = _position(mapping, "credit_code"), _position(mapping, "owner")
    for line, cells in raw.rows:
        cell = lambda pos: cells[pos] if pos is not None and pos < len(cells) else None  # noqa: E731
        if wanted is None or wanted.keeps(cell(code_pos), cell(owner_pos)):
            yield line, cells


def _group_matches(file, group: int, raw: RawTable, mapping: dict[int, Column], wanted: Wanted):
    """Indices of the rows of one Parquet row group that belong to the wanted enterprise."""
    import pyarrow as pa
    import pyarrow.compute as pc

    code_pos, owner_pos = _position(mapping, "credit_code"), _position(mapping, "owner")
    names = [raw.headers[p] for p in (code_pos, owner_pos) if p is not None]
    data = file.read_row_group(group, columns=names)
    mask = pa.array([False] * data.num_rows)
    if code_pos is not None:
        codes = data.column(raw.headers[code_pos])
        mask = pc.fill_null(pc.equal(codes, pa.scalar(wanted.code)), False)
    if owner_pos is not None and wanted.names:
        owners = pc.cast(data.column(raw.headers[owner_pos]), pa.string())
        by_owner = pc.or_(*[pc.match_substring(owners, n) for n in wanted.names]) if len(wanted.names) > 1 \
            else pc.match_substring(owners, next(iter(wanted.names)))
        no_code = pc.is_null(data.column(raw.headers[code_pos])) if code_pos is not None else pa.array([True] * data.num_rows)
        mask = pc.or_(mask, pc.fill_null(pc.and_(no_code, by_owner), False))
    if isinstance(mask, pa.ChunkedArray):
        # pyarrow 22 crashes (SIGSEGV) on indices_nonzero of a chunked array with no chunks,
        # which an empty table's column is: work on one contiguous array instead.
        mask = mask.combine_chunks()
    return pc.indices_nonzero(mask)


def _parquet_rows(raw: RawTable, mapping: dict[int, Column], wanted: Wanted | None):
    """Rows of a Parquet file, row group by row group; with a filter only matching rows are read."""
    import pyarrow.parquet as pq

    columns_wanted = [raw.headers[p] for p in mapping]
    file = pq.ParquetFile(raw.path)
    offset = 0
    for group in range(file.num_row_groups):
        size = file.metadata.row_group(group).num_rows
        if wanted is None:
            picked, data = None, file.read_row_group(group, columns=columns_wanted)
        else:
            picked = _group_matches(file, group, raw, mapping, wanted)
            data = file.read_row_group(group, columns=columns_wanted).take(picked) if len(picked) else None
        if data is not None:
            columns = {h: data.column(h).to_pylist() for h in columns_wanted}
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


def read_table(raw: RawTable, wanted: Wanted | None) -> tuple[list[Row], list[Problem]]:
    mapping, problems = map_headers(raw)
    if problems:
        return [], problems
    headers = {c.name: raw.headers[p] for p, c in mapping.items()}
    rows = []
    for line, cells in _raw_rows(raw, mapping, wanted):
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
    wanted = Wanted(enterprise) if enterprise else None
    for raw in sorted(open_sources(path), key=lambda r: r.table.name != "enterprises"):
        rows, errors = read_table(raw, wanted)
        tables[raw.table.name] = rows
        problems.extend(errors)
        if wanted and raw.table.name == "enterprises":
            wanted = Wanted(enterprise, frozenset(r["name"] for r in rows if r.get("name")))
    records = RecordSet(tables)
    if not problems:
        problems.extend(resolve_owners(records))
    if not problems:
        problems.extend(set_problems(records))
    if enterprise and not problems and not records.rows("enterprises"):
        problems.append(Problem(str(path), f"enterprises 表中没有企业 {enterprise} (enterprise not found)"))
    if problems:
        raise InputError(problems)
    return records



def resolve_owners(records: RecordSet) -> list[Problem]:
    """Patent rows without a credit code take the enterprise whose name is among their owners."""
    by_name = {r["name"]: r["credit_code"] for r in records.rows("enterprises")}
    problems, resolved = [], []
    for row in records.rows("patents"):
        if row.get("credit_code"):
            resolved.append(row)
            continue
        codes = list(dict.fromkeys(by_name[n] for n in owner_names(row.get("owner")) if n in by_name))
        if len(codes) != 1:
            what = "未找到同名企业 (no enterprise of that name)" if not codes else "对应多家企业，请填写统一社会信用代码 (several enterprises)"
            problems.append(Problem(f"{row.ref} 当前专利权人", f"'{row.get('owner')}' {what}"))
            continue
        resolved.append(replace(row, values={**row.values, "credit_code": codes[0]}))
    if "patents" in records.tables:
        records.tables["patents"] = resolved
    return problems
