"""Finding and opening record files: a folder of CSV/XLSX/Parquet files or one workbook.

Each source yields a `RawTable`: the table it holds, a display name used in messages
(``patents.xlsx``, ``records.xlsx 工作表 patents``), its header row and its data rows with
their spreadsheet row numbers (the header is row 1). Nothing here checks values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipcredit.errors import InputError, Problem
from ipcredit.facts.tables import Table, table_for

SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass
class RawTable:
    table: Table
    source: str
    headers: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    path: Path | None = None  # Parquet: read lazily with a filter


def _csv_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem(path.name, "无法识别文件编码，请存为 UTF-8 (cannot decode; save as UTF-8)"))


def _csv(path: Path, table: Table) -> RawTable:
    reader = csv.reader(_csv_text(path).splitlines())
    headers = next(reader, [])
    rows = ((i, tuple(cells)) for i, cells in enumerate(reader, start=2) if any(c.strip() for c in cells))
    return RawTable(table, path.name, headers, rows)


def _sheet_rows(sheet) -> tuple[list[str], Iterator[tuple[int, tuple[Any, ...]]]]:
    it = sheet.iter_rows(values_only=True)
    headers = [("" if h is None else str(h)) for h in next(it, ())]

    def rows():
        for i, cells in enumerate(it, start=2):
            if any(c is not None and str(c).strip() for c in cells):
                yield i, tuple(cells)

    return headers, rows()


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(Problem(path.name, f"无法读取 Excel 文件: {exc} (cannot read workbook)")) from None


def _xlsx_single(path: Path, table: Table) -> RawTable:
    book = _open_workbook(path)
    sheet = next((book[n] for n in book.sheetnames if table_for(n) is table), book.worksheets[0])
    headers, rows = _sheet_rows(sheet)
    return RawTable(table, path.name, headers, rows)


def _parquet(path: Path, table: Table) -> RawTable:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as exc:
        raise InputError(Problem(path.name, f"无法读取 Parquet 文件: {exc} (cannot read Parquet)")) from None
    return RawTable(table, path.name, list(schema.names), iter(()), path)


def workbook_tables(path: Path) -> list[RawTable]:
    """Every sheet of a workbook whose name is a table name (other sheets, e.g. 说明, are ignored)."""
    book = _open_workbook(path)
    found = []
    for name in book.sheetnames:
        table = table_for(name)
        if table is not None:
            headers, rows = _sheet_rows(book[name])
            found.append(RawTable(table, f"{path.name} 工作表 {name}", headers, rows))
    return found


def folder_tables(folder: Path) -> list[RawTable]:
    """One file per table in a folder, named by the table (``patents.csv``, ``专利.xlsx``)."""
    found: dict[str, RawTable] = {}
    problems = []
    for path in sorted(folder.iterdir()):
        table = table_for(path.stem) if path.suffix.lower() in SUFFIXES else None
        if table is None or path.name.startswith((".", "~$")):
            continue
        if table.name in found:
            problems.append(Problem(path.name, f"表 {table.name} 已由 {found[table.name].source} 提供 (table given twice)"))
            continue
        opener = {".csv": _csv, ".xlsx": _xlsx_single, ".parquet": _parquet}[path.suffix.lower()]
        found[table.name] = opener(path, table)
    if problems:
        raise InputError(problems)
    return list(found.values())


def open_sources(path: Path) -> list[RawTable]:
    """The record tables at ``path`` (a folder or an .xlsx workbook)."""
    if path.is_dir():
        tables = folder_tables(path)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        tables = workbook_tables(path)
    elif path.exists():
        raise InputError(Problem(str(path), "应为文件夹或 .xlsx 工作簿 (must be a folder or an .xlsx workbook)"))
    else:
        raise InputError(Problem(str(path), "文件或文件夹不存在 (no such file or folder)"))
    if not any(t.table.name == "enterprises" for t in tables):
        raise InputError(Problem(str(path), "缺少 enterprises（企业）表 (the enterprises table is missing)"))
    return tables
