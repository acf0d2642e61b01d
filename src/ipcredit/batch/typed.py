"""Cells → typed SQL values, with the problem of every bad cell (per row, per column).

The same column types as the record tables (`ipcredit.facts.tables`): code, text, date,
bool, int, amount, ratio, enum, numbers. A column already stored with the right type
(Parquet DATE, BOOLEAN, INTEGER, DECIMAL) is used as it is; anything else is read as text
and converted the way the single-enterprise importer (`ipcredit.facts.convert`) reads it:
``是/否/true/1``, Chinese enum labels and aliases, ISO dates, amounts with thousands
separators. A cell that cannot be read becomes NULL and a problem naming row and column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipcredit.batch.columns import AMOUNT_TYPE, RATIO_TYPE
from ipcredit.batch.dialect import Dialect
from ipcredit.facts.tables import FALSE_WORDS, TRUE_WORDS, Column
from ipcredit.standard.credit_code import ALPHABET, WEIGHTS

NATIVE = {
    "date": ("DATE",), "bool": ("BOOLEAN",), "int": ("INTEGER", "BIGINT", "SMALLINT", "TINYINT"),
    "count": ("INTEGER", "BIGINT", "SMALLINT", "TINYINT"), "amount": ("DECIMAL",), "ratio": ("DECIMAL",),
}
MESSAGES = {
    "date": "日期格式错误，应为 YYYY-MM-DD (invalid date)",
    "bool": "应为 是 或 否 (must be yes or no)",
    "int": "应为整数 (must be a whole number)",
    "count": "应为非负整数 (must be a whole number >= 0)",
    "amount": "应为不小于 0 的金额 (must be an amount >= 0)",
    "ratio": "比例必须在 0 到 1 之间 (must be a share between 0 and 1)",
    "enum": "取值无效 (not one of the allowed values)",
    "code": "统一社会信用代码无效（18 位，校验位须正确）(invalid credit code)",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _words(words: frozenset[str]) -> str:
    return ", ".join(_quote(w) for w in sorted(words))


BAD_CODES = "bad_codes__"  # DuckDB: the codes of `Plan.codes` that fail the check (`duck.run`)


def credit_code_ok(d: Dialect, code: str) -> str:
    """GB 32100 check in SQL: 18 characters of the alphabet, check character right. DuckDB:
    the codes the plan lists (`Plan.codes`) are checked before the plan runs, all at once in
    numpy (`ipcredit.batch.duck.codes_ok`), and the failing ones kept in ``bad_codes__``; a
    Python function called by DuckDB per vector of 2,048 codes cost ≈ 0.35 s of one core at 1M."""
    if d.name == "duckdb":
        return f"({code} NOT IN (SELECT code FROM {BAD_CODES}))"
    alpha = _quote(ALPHABET)
    values = [f"(instr({alpha}, substr({code}, {i + 1}, 1)) - 1)" for i in range(17)]
    in_alpha = " AND ".join(f"instr({alpha}, substr({code}, {i + 1}, 1)) > 0" for i in range(18))
    total = " + ".join(f"{v} * {w}" for v, w in zip(values, WEIGHTS))
    check = f"substr({alpha}, ((31 - ({total}) % 31) % 31) + 1, 1)"
    return f"(length({code}) = 18 AND {in_alpha} AND substr({code}, 18, 1) = {check})"


def _code_bad(d: Dialect, code: str) -> str:
    return f"({code} IS NOT NULL AND NOT COALESCE({credit_code_ok(d, code)}, FALSE))"


class ColumnType(str):
    """A source column's type name (a ``str``: DuckDB's type, ``CSV``, …) with what the file's
    own statistics say of its values (`ipcredit.batch.duck.profile`): ``no_null`` — no NULL
    cell; ``all_null`` — nothing but NULL; ``no_blank`` — no empty string; ``values`` — every
    distinct value (enum columns), or None when not known. The typed SQL leaves out what
    cannot happen: NULLIF of a column without empty strings, the checks of a column without
    NULLs, the label CASE of an enum column that holds only codes."""

    no_null: bool
    all_null: bool
    no_blank: bool
    values: frozenset[str] | None

    def __new__(cls, name: str, no_null: bool = False, all_null: bool = False, no_blank: bool = False,
                values: frozenset[str] | None = None) -> ColumnType:
        obj = super().__new__(cls, name)
        obj.no_null, obj.all_null, obj.no_blank, obj.values = no_null, all_null, no_blank, values
        return obj


def _knows(source_type: str | None, fact: str) -> bool:
    return bool(getattr(source_type, fact, False))


@dataclass(frozen=True)
class Cell:
    """One column's typed expression and the condition under which the cell is bad.
    ``late``: the condition over the typed column itself (named as the column), when ``bad``
    reads a relation the executor fills in beside the plan (DuckDB's ``bad_codes__``): a scan
    that flags its rows (`ipcredit.batch.inputs.typed_table`) does not wait for it, the
    problem stage tests ``late`` instead."""

    value: str
    bad: str
    message: str
    late: str = ""


def _text(d: Dialect, col: str) -> str:
    return f"NULLIF(trim(CAST({col} AS {d.text_type})), '')"


def text_of(d: Dialect, col: str, source_type: str | None) -> str:
    """A cell as trimmed text, NULL when empty; a typed text column (Parquet) is taken as is."""
    q = f'"{col}"' if d.name == "duckdb" else f"`{col}`"
    if source_type and source_type.upper() in ("VARCHAR", "STRING"):
        return q if _knows(source_type, "no_blank") else f"NULLIF({q}, '')"
    return _text(d, q)


def code_text(d: Dialect, col: str, source_type: str | None) -> str:
    """A credit-code cell as text without the blanks around it (`Dialect.code_strip`)."""
    return d.code_strip(text_of(d, col, source_type))


def is_empty(d: Dialect, col: str, source_type: str | None) -> str:
    """The cell is empty: NULL, or blank text. A typed non-text column is empty only when NULL.
    ``FALSE`` / ``TRUE`` when the column's statistics decide it for every row."""
    if _knows(source_type, "all_null"):
        return "TRUE"
    typed_text = bool(source_type) and source_type.upper() in ("VARCHAR", "STRING")
    if _knows(source_type, "no_null") and (_knows(source_type, "no_blank") or not typed_text):
        return "FALSE"
    if source_type and source_type.upper() not in ("CSV", "VARCHAR", "STRING"):
        return f'("{col}" IS NULL)' if d.name == "duckdb" else f"(`{col}` IS NULL)"
    return f"({text_of(d, col, source_type)} IS NULL)"


def _native(source_type: str | None, kind: str) -> bool:
    return bool(source_type) and source_type.split("(")[0].upper() in NATIVE.get(kind, ())


def typed_cell(d: Dialect, col: str, kind: str, source_type: str | None,
               choices: dict[str, str] | None = None) -> Cell:
    """The typed value of ``col`` read as ``kind`` (see module doc)."""
    q = f'"{col}"' if d.name == "duckdb" else f"`{col}`"
    if _knows(source_type, "all_null"):   # nothing to read: the column's typed NULL (a bool: FALSE)
        return Cell("FALSE" if kind == "bool" else f"CAST(NULL AS {_null_type(d, kind)})", "FALSE", "")
    s = text_of(d, col, source_type)
    if kind in ("text", "numbers"):
        return Cell(s, "FALSE", "")
    if kind == "code":
        v = f"upper({code_text(d, col, source_type)})"
        return Cell(v, _code_bad(d, v), MESSAGES["code"], _code_bad(d, q) if d.name == "duckdb" else "")
    if kind == "enum":
        # one simple CASE, the codes first (a code stands for itself before any label or alias)
        codes = list(dict.fromkeys((choices or {}).values()))
        pairs = [(c, c) for c in codes] + [(text, code) for text, code in (choices or {}).items() if text not in codes]
        present = getattr(source_type, "values", None)
        if present is not None:  # the column's distinct values are known: a CASE over those only
            present = present - {""}
            if present <= set(codes):
                return Cell(s, "FALSE", "")
            pairs = [(text, code) for text, code in pairs if text in present]
        v = f"(CASE {s} {' '.join(f'WHEN {_quote(text)} THEN {_quote(code)}' for text, code in pairs)} END)"
        return Cell(v, f"({s} IS NOT NULL AND {v} IS NULL)", MESSAGES["enum"] + "：可选 " + "、".join(codes))
    if kind == "bool":
        if _native(source_type, kind):
            return Cell(q if _knows(source_type, "no_null") else f"COALESCE({q}, FALSE)", "FALSE", "")
        v = f"(CASE WHEN {s} IS NULL OR lower({s}) IN ({_words(FALSE_WORDS)}) THEN FALSE " \
            f"WHEN lower({s}) IN ({_words(TRUE_WORDS)}) THEN TRUE END)"
        return Cell(v, f"({v} IS NULL)", MESSAGES["bool"])
    native = _native(source_type, kind)
    if kind == "date":
        v = q if native else f"TRY_CAST({s} AS DATE)"
        return Cell(v, "FALSE" if native else f"({s} IS NOT NULL AND {v} IS NULL)", MESSAGES["date"])
    # a native (typed) cell always converts: only its range can be wrong, no text is looked at
    if kind in ("int", "count"):
        v = f"CAST({q} AS BIGINT)" if native else f"(CASE WHEN {d.full_match(s, '[+-]?[0-9]+')} THEN TRY_CAST({s} AS BIGINT) END)"
        unread = "FALSE" if native else f"({s} IS NOT NULL AND {v} IS NULL)"
        neg = f" OR {v} < 0" if kind == "count" else ""
        return Cell(v, "FALSE" if native and not neg else f"({unread}{neg})", MESSAGES[kind])
    if kind in ("amount", "ratio"):
        target = AMOUNT_TYPE if kind == "amount" else RATIO_TYPE
        v = f"CAST({q} AS {target})" if native else f"TRY_CAST(replace({s}, ',', '') AS {target})"
        rng = f"{v} < 0" if kind == "amount" else f"({v} < 0 OR {v} > 1)"
        unread = "FALSE" if native else f"({s} IS NOT NULL AND {v} IS NULL)"
        return Cell(v, f"({unread} OR {rng})", MESSAGES[kind])
    raise ValueError(kind)


def code_values(d: Dialect, src: str, source_type: str | None) -> str:
    """The credit codes of ``src`` as `typed_cell` reads them (kind ``code``): the select that
    `Plan.codes` lists for the codes the plan checks."""
    return f"SELECT {typed_cell(d, 'credit_code', 'code', source_type).value} AS code FROM {src}"


def _null_type(d: Dialect, kind: str) -> str:
    return {"date": "DATE", "int": "BIGINT", "count": "BIGINT", "amount": AMOUNT_TYPE,
            "ratio": RATIO_TYPE}.get(kind, d.text_type)


def column_cell(d: Dialect, column: Column, source_type: str | None, check_code: bool = True,
                codes_as_given: bool = False) -> Cell:
    """A record-table column (`ipcredit.facts.tables.Column`) as a typed cell. Credit codes are
    checked where enterprises are listed; elsewhere a code must name a listed enterprise, and
    is upper-cased — or, ``codes_as_given``, left as written for an aggregate that groups by
    it first and upper-cases the groups (`ipcredit.batch.raw`)."""
    kind = "int" if column.type == "int" else column.type
    if kind == "code" and not check_code:
        # as written: the column as it is, which DuckDB groups fastest (a Parquet dictionary);
        # the aggregate strips and upper-cases its groups (`raw._regrouped`)
        text = text_of(d, column.name, source_type) if codes_as_given else code_text(d, column.name, source_type)
        return Cell(text if codes_as_given else f"upper({text})", "FALSE", "")
    choices = None
    if column.type == "enum":
        choices = {c: c for c in column.choices}
        choices.update({label: c for c, label in column.choices.items()})
        choices.update(column.value_aliases)
    return typed_cell(d, column.name, kind, source_type, choices)
