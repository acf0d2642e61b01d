"""The downloadable XLSX template (`ipcredit template records.xlsx`): one sheet per table.

Each sheet has the Chinese headers (with a note giving the English name, type and whether
the column is required), drop-down lists for enumerated columns, and one filled example row
for the example enterprise; the sheet 说明 lists every column. Filled in and read back, the
template is a valid record set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ipcredit.facts.tables import TABLES, TYPE_LABELS, Column, Table

GUIDE_SHEET = "说明"


def example_value(column: Column) -> Any:
    """The example cell as an agency would type it (Chinese labels, 是/否, real dates)."""
    value = column.example
    if value is None:
        return None
    if column.type == "bool":
        return "是" if value else "否"
    if column.type == "date":
        return dt.date.fromisoformat(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _note(column: Column) -> str:
    kind = TYPE_LABELS[column.type]
    if column.choices:
        kind += "：" + "、".join(column.choices.values())
    need = "必填" if column.required else "选填"
    return f"{column.name}\n{kind}（{need}）\n{column.doc}".strip()


def _sheet(book, table: Table) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(table.name)
    sheet.append([c.header for c in table.columns])
    sheet.append([example_value(c) for c in table.columns])
    for pos, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=pos)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.comment = Comment(_note(column), "ipcredit", width=260, height=120)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 2)
        if column.type == "date":
            sheet.cell(row=2, column=pos).number_format = "yyyy-mm-dd"
        if column.choices:
            options = ",".join(column.choices.values())
            rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=not column.required)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}5000")
    sheet.freeze_panes = "A2"


def _guide(book) -> None:
    from openpyxl.styles import Font

    sheet = book.active
    sheet.title = GUIDE_SHEET
    sheet.append(["表 table", "列（中文表头）", "英文名 name", "类型 type", "必填 required", "可用别名 aliases", "说明 notes"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for table in TABLES:
        for column in table.columns:
            kind = TYPE_LABELS[column.type] + ("：" + "、".join(column.choices.values()) if column.choices else "")
            sheet.append([f"{table.name}（{table.label}）", column.header, column.name, kind,
                          "是" if column.required else "否", "、".join(column.aliases), column.doc])
    for letter, width in zip("ABCDEFG", (24, 22, 24, 36, 10, 36, 50)):
        sheet.column_dimensions[letter].width = width


def write_template(path: Path) -> None:
    """Write the template workbook to ``path`` (an .xlsx file)."""
    from openpyxl import Workbook

    book = Workbook()
    _guide(book)
    for table in TABLES:
        _sheet(book, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
