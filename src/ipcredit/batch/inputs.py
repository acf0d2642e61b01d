"""Input relations as SQL: the facts table and the behaviour records, typed and checked.

Each builder returns a `Relation`: a SELECT producing typed columns (plus ``line_no``, the
row in its file) and a SELECT of problems ``(credit_code, source, line_no, column, message)``
— one per bad cell or broken rule — so that one enterprise's bad rows are reported while
the others are scored. An enterprise with a problem is not scored (the single evaluation
would refuse its facts too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ipcredit.batch.columns import fact_column, ratio_columns, scored_fields
from ipcredit.batch.dialect import Dialect
from ipcredit.batch.typed import Cell, _quote, column_cell, is_empty, text_of, typed_cell
from ipcredit.facts.tables import RECORDS, Table

PROBLEM_COLUMNS = ("credit_code", "source", "line_no", "column_name", "message")
POSITIVE = ("national_award", "provincial_award", "good_record_provincial", "good_record_county")


@dataclass(frozen=True)
class Check:
    """A problem found in the rows of ``src`` (which has ``line_no``) where ``cond`` holds."""

    src: str
    code: str
    source: str
    column: str
    cond: str
    message: str


@dataclass(frozen=True)
class Relation:
    select: str
    problems: list[Check]


def _problem(d: Dialect, src: str, code: str, source: str, column: str, bad: str, message: str) -> Check:
    return Check(src, code, source, column, bad, message)


def check_stages(checks: list[Check]) -> list[tuple[str, list[Check]]]:
    """Checks grouped by the relation they read: each group is one scan that keeps only the
    (rare) rows with a problem, with one boolean column ``c<i>`` per check."""
    groups: dict[tuple[str, str], list[Check]] = {}
    for c in checks:
        groups.setdefault((c.src, c.code), []).append(c)
    stages = []
    for (src, code), group in groups.items():
        flags = ", ".join(f"COALESCE({c.cond}, FALSE) AS c{i}" for i, c in enumerate(group))
        any_ = " OR ".join(f"c{i}" for i in range(len(group)))
        stages.append((f"SELECT * FROM (SELECT {code} AS pcode, line_no, {flags} FROM {src}) s WHERE {any_}", group))
    return stages


def stage_details(view: str, group: list[Check]) -> str:
    """The problems of one materialised stage, one row per (row, check) that holds."""
    return "\nUNION ALL\n".join(
        f"SELECT pcode AS credit_code, {_quote(c.source)} AS source, line_no, {_quote(c.column)} AS column_name, "
        f"{_quote(c.message)} AS message FROM {view} WHERE c{i}" for i, c in enumerate(group))


def _code_text(d: Dialect, types: dict[str, str] | None = None) -> str:
    return f"upper({text_of(d, 'credit_code', (types or {}).get('credit_code'))})"


def typed_table(d: Dialect, table: Table, src: str, source: str, types: dict[str, str],
                flags: bool = False, codes_as_given: bool = False) -> Relation:
    """A record table (`ipcredit.facts.tables`) typed; a missing optional column reads as empty.
    ``flags``: the select also carries one boolean ``k<i>`` per bad-cell check, and the checks
    test those columns (``src`` of each is left for the caller to set): typing and checking a
    table is then one scan. ``codes_as_given``: see `typed.column_cell`."""
    items, problems, late = [], [], []
    code = _code_text(d, types)
    for col in table.columns:
        if col.name not in types:
            empty = "FALSE" if col.type == "bool" else "NULL"
            items.append(f"{empty} AS {col.name}")
            continue
        cell = column_cell(d, col, types[col.name], check_code=table.name == "enterprises", codes_as_given=codes_as_given)
        items.append(f"{cell.value} AS {col.name}")
        if cell.bad != "FALSE":
            problems.append(_problem(d, src, code, source, col.header, cell.bad, cell.message))
            late.append(cell.late)
        empty = is_empty(d, col.name, types[col.name]) if col.required else "FALSE"
        if empty != "FALSE":  # FALSE: the file's statistics say no cell of the column is empty
            problems.append(_problem(d, src, code, source, col.header, empty, "必填项为空 (required value missing)"))
            late.append("")
    if flags:
        # NULL means "not bad" to every reader of k<i> (CASE WHEN, COALESCE in `check_stages`);
        # a late check (`typed.Cell.late`: DuckDB's credit-code check) is tested over the typed
        # column where the problems are gathered, so the scan does not wait for the codes' check
        items += [f"{p.cond} AS k{i}" for i, (p, later) in enumerate(zip(problems, late)) if not later]
        problems = [replace(p, code="credit_code", cond=later or f"k{i}") for i, (p, later) in enumerate(zip(problems, late))]
    return Relation(f"SELECT line_no, {', '.join(items)} FROM {src}", problems)


def record_rules(d: Dialect, typed: str, source: str) -> list[str]:
    """`ipcredit.facts.checks._record_row` over typed records."""
    pos = ", ".join(_quote(k) for k in POSITIVE)
    rules = [
        ("失信类别", "kind = 'bad_record' AND category IS NULL", "失信记录须注明失信类别 (a bad record requires a category)"),
        ("失信类别", "kind <> 'bad_record' AND category IS NOT NULL", "只有失信记录可以有失信类别 (category on a bad record only)"),
        ("扣分", "kind = 'infringement' AND (deduction IS NULL OR deduction > 10)", "侵权认定须给出 0–10 的扣分 (deduction between 0 and 10 required)"),
        ("扣分理由", "kind = 'infringement' AND reason IS NULL", "侵权认定须说明扣分理由 (a reason is required)"),
        ("扣分", "kind <> 'infringement' AND deduction IS NOT NULL", "只有侵权认定可以有扣分 (deduction on an infringement only)"),
        ("信用修复日期", f"kind IN ({pos}) AND repaired_on IS NOT NULL", "信用修复只适用于减分记录 (a repair applies to deduction records only)"),
        ("信用修复日期", "repaired_on < date", "修复日期早于记录日期 (repair before the record)"),
    ]
    return [_problem(d, f"({typed}) x", "credit_code", source, col, cond, msg) for col, cond, msg in rules]


def records_relation(d: Dialect, src: str | None, types: dict[str, str]) -> Relation:
    """The behaviour records (records table), typed and checked; none when there is no file."""
    if src is None:
        cols = ", ".join(f"CAST(NULL AS {'DATE' if c.type == 'date' else d.text_type}) AS {c.name}"
                         for c in RECORDS.columns)
        return Relation(f"SELECT 0 AS line_no, {cols} WHERE FALSE", [])
    rel = typed_table(d, RECORDS, src, "records", types)
    return Relation(rel.select, rel.problems + record_rules(d, rel.select, "records"))


def _ratio_parts(d: Dialect, col: str, types: dict[str, str]) -> tuple[list[str], list[Cell]]:
    cells = [typed_cell(d, c, "ratio", types.get(c)) if c in types else None for c in ratio_columns(col)]
    scaled = [f"CAST(CAST({c.value} AS DECIMAL(20,9)) * 1000000000 AS BIGINT)" for c in cells if c is not None]
    present = [c for c in cells if c is not None]
    total = " + ".join(f"COALESCE({s}, 0)" for s in scaled) or "0"
    count = " + ".join(f"(CASE WHEN {c.value} IS NULL THEN 0 ELSE 1 END)" for c in present) or "0"
    return [f"CAST({total} AS BIGINT) AS {col}__sum", f"CAST({count} AS INT) AS {col}__n"], present


def facts_relation(d: Dialect, src: str, types: dict[str, str], evaluation_date: dt.date | None,
                   custom: tuple[str, ...] = ()) -> Relation:
    """The facts table (one row per enterprise) → the scoring input (see `columns`)."""
    code = _code_text(d, types)
    cli_e = f"DATE '{evaluation_date.isoformat()}'" if evaluation_date else "CAST(NULL AS DATE)"
    ident = {c: typed_cell(d, c, k, types.get(c)) for c, k in
             (("credit_code", "code"), ("name", "text"), ("industry", "text"),
              ("evaluation_date", "date"), ("base_date", "date"))}
    val = {c: (cell.value if c in types else "CAST(NULL AS DATE)" if "date" in c else "NULL") for c, cell in ident.items()}
    e = f"COALESCE({val['evaluation_date']}, {cli_e})"
    b = f"COALESCE({val['base_date']}, make_date(year({e}) - 1, 12, 31))"
    items = [f"{val['credit_code']} AS credit_code", f"{val['name']} AS name", f"{e} AS e_date", f"{b} AS b_date"]
    problems = [
        _problem(d, src, code, "facts", "name", f"({val['name']}) IS NULL", "企业名称不能为空 (name required)"),
        _problem(d, src, code, "facts", "evaluation_date", f"({e}) IS NULL", "缺少评价日，请给出该列或 --evaluation-date (evaluation date required)"),
        _problem(d, src, code, "facts", "base_date", f"({b}) > ({e})", "评价基准日晚于评价日 (base date after the evaluation date)"),
    ]
    for name, cell in ident.items():
        if name in types and cell.bad != "FALSE":
            problems.append(_problem(d, src, code, "facts", name, cell.bad, cell.message))
    for path, kind in scored_fields().items():
        col = fact_column(path)
        if kind == "ratios":
            parts, cells = _ratio_parts(d, col, types)
            items += parts
            problems += [_problem(d, src, code, "facts", col, c.bad, c.message) for c in cells]
            continue
        cell = typed_cell(d, col, kind, types.get(col)) if col in types else None
        default = "FALSE" if kind == "bool" else "NULL" if col == "annual_revenue_wan" else "0"
        value = f"COALESCE({cell.value}, {default})" if cell and default != "NULL" else cell.value if cell else default
        items.append(f"{value} AS {col}")
        if cell and cell.bad != "FALSE":
            problems.append(_problem(d, src, code, "facts", col, cell.bad, cell.message))
    for name in custom:
        col = f"custom_{name}"
        cell = typed_cell(d, col, "amount", types.get(col)) if col in types else None
        items.append(f"COALESCE({cell.value}, 0) AS {col}" if cell else f"0 AS {col}")
    return Relation(f"SELECT line_no, {', '.join(items)} FROM {src}", problems)
