"""The statements an executor runs, in order: problem stages, the scoring input, the scores.

``Plan.stage_sql`` — relations reused by several statements (typed enterprises, duplicate
keys), materialised first; ``problem_stages`` — one scan per input relation keeping the rows with a problem (the
executor materialises each, then the union of their details as ``problems``);
``input_sql`` — the scoring input of every enterprise without a problem (materialised as
``inp``); ``score_sql`` — the compiled model over ``inp`` and the behaviour records. All plain
SQL for DuckDB and Spark alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ipcredit.batch.compile import compile_model
from ipcredit.batch.dialect import Dialect
from ipcredit.batch.inputs import Check, Relation, check_stages
from ipcredit.standard.model import Model

STATUS_DEFAULT = "COALESCE(status, 'verified')"
Rows = Callable[[str], list[tuple]]  # runs a query on the executor, returns its rows


@dataclass(frozen=True)
class Plan:
    """What to run: input relation SQL (one row per enterprise), records SQL, their problems."""

    enterprises: Relation
    records: Relation
    late_records: str = "problem"   # "problem" (facts table) or "drop" (raw records, as derive does)
    ctes: str = ""                  # WITH-list entries the selects above refer to (raw records)
    roster: str = ""                # credit_code, line_no, e_date of the listed enterprises (default: enterprises)
    # (name, select, uses the CTEs) materialised first, in order; a select may be a function of
    # `rows` (SQL → its rows, run after the stages before it): SQL shaped by what they hold
    stages: tuple[tuple[str, str | Callable[[Rows], str], bool], ...] = ()
    codes: tuple[str, ...] = ()     # selects of the credit codes the plan checks (`typed.credit_code_ok`)
    e_date: str = ""                # the one evaluation date E of every enterprise (a SQL literal), if known
    known: str = ""                 # a relation of the listed codes (known__) and their rows (n__), if materialised
    # (name, select of one column h): relations the executor builds before the stages, of the
    # values of h that occur more than once (`ipcredit.batch.duck.repeated`, `spark.repeated`)
    repeated: tuple[tuple[str, str], ...] = ()

    def stage_sql(self, rows: Rows) -> Iterator[tuple[str, str]]:
        """(name, SQL) of every stage to materialise before the problem stages, one at a time:
        the executor materialises each before asking for the next (``rows`` runs a query). A
        stage the CTEs refer to (typed enterprises …) comes before any that uses them."""
        for name, sql, ctes in self.stages:
            if callable(sql):
                sql = sql(rows)
            yield name, (self.with_(body=sql) if ctes else "") + sql

    def with_(self, *more: str, body: str) -> str:
        """The WITH list for a statement ``body`` (plus ``more`` entries): only the CTEs it
        uses, directly or through other CTEs — Spark analyses every CTE it is given."""
        defs = split_ctes(self.ctes)
        needed: set[str] = set()
        todo = [body, *more]
        while todo:
            text = todo.pop()
            for name, sql in defs:
                if name not in needed and re.search(rf"\b{name}\b", text):
                    needed.add(name)
                    todo.append(sql)
        items = [f"{name} AS ({sql})" for name, sql in defs if name in needed] + [m for m in more if m]
        return "WITH " + ",\n".join(items) + "\n" if items else ""


def split_ctes(ctes: str) -> list[tuple[str, str]]:
    """``name AS (…)`` entries of a WITH list written one per line start (`raw.raw_plan`)."""
    parts = re.split(r"(?m)^(\w+) AS \(", ctes.strip())
    out = []
    for name, sql in zip(parts[1::2], parts[2::2]):
        sql = sql.rstrip().rstrip(",").rstrip()
        if not sql.endswith(")"):
            raise ValueError(f"CTE {name} does not end with ')'")
        out.append((name, sql[:-1]))
    return out


MONEY_TYPE = "DECIMAL(12,2)"  # every points / score column of the results


def _money(expr: str, cents: bool) -> str:
    """A BIGINT number of cents as the results' DECIMAL(12,2), or left as cents (``cents``:
    the executor converts them exactly, `ipcredit.batch.duck.cents_to_decimal`)."""
    if cents:
        return f"CAST({expr} AS BIGINT)"
    return f"CAST(CAST({expr} AS DECIMAL(18,0)) * 0.01 AS {MONEY_TYPE})"


def money_items(model: Model, profile: str | None, d: Dialect) -> list[tuple[str, str]]:
    """(results column, BIGINT cents expression over ``t``) of every points / score column."""
    c = compile_model(model, profile, d)
    items = [(ind_id, f"p_{ind_id}") for ind_id, _ in c.indicators]
    for dim_id, _ in c.dimensions:
        items += [(f"{dim_id}_raw", f"raw_{dim_id}"), (dim_id, f"s_{dim_id}")]
    return items + [("total", "total_c")]


def problem_checks(plan: Plan, d: Dialect) -> list[Check]:
    """Every check: bad cells, broken row rules, duplicates, unknown enterprises, late records."""
    checks = list(plan.enterprises.problems) + list(plan.records.problems)
    ent, rec = f"({plan.roster or plan.enterprises.select})", f"({plan.records.select})"
    if plan.known:  # the listed codes are counted already: only the (rare) repeated ones are joined
        dup = (f"(SELECT e.credit_code, e.line_no, k.n__ AS n FROM {ent} e "
               f"JOIN (SELECT known__, n__ FROM {plan.known} WHERE n__ > 1) k ON k.known__ IS NOT DISTINCT FROM e.credit_code) x")
    else:
        dup = f"(SELECT credit_code, line_no, COUNT(*) OVER (PARTITION BY credit_code) AS n FROM {ent} e) x"
    checks.append(Check(dup, "credit_code", "enterprises", "统一社会信用代码", "n > 1", "统一社会信用代码重复 (duplicate enterprise)"))
    late = "r.date > e.e_date" if plan.late_records == "problem" else "FALSE"
    checks.append(Check(f"(SELECT r.credit_code, r.line_no, e.known, {late} AS late FROM {rec} r "
                        f"LEFT JOIN {_listed_dates(plan)} e ON e.known = r.credit_code) y",
                        "credit_code", "records", "统一社会信用代码", "credit_code IS NOT NULL AND known IS NULL",
                        "企业不在事实表或 enterprises 表中 (unknown enterprise)"))
    if plan.late_records == "problem":
        checks[-1:] = [checks[-1], Check(checks[-1].src, "credit_code", "records", "日期", "late",
                                         "记录日期晚于评价日 (record dated after the evaluation date)")]
    return checks


def problem_stages(plan: Plan, d: Dialect) -> list[tuple[str, list[Check]]]:
    """(SQL of a stage to materialise, its checks); see `inputs.check_stages`."""
    return [(plan.with_(body=sql) + sql, group) for sql, group in check_stages(problem_checks(plan, d))]


def _input_select(plan: Plan) -> str:
    return f"""SELECT e.* FROM ({plan.enterprises.select}) e
LEFT JOIN (SELECT DISTINCT credit_code AS bad_code FROM problems) pb ON pb.bad_code = e.credit_code
WHERE e.credit_code IS NOT NULL AND pb.bad_code IS NULL"""


def input_sql(plan: Plan) -> str:
    """The scoring input of every enterprise not named in ``problems`` (Spark caches it as ``inp``)."""
    sql = _input_select(plan)
    return plan.with_(body=sql) + sql


def _listed_dates(plan: Plan) -> str:
    """A relation of every listed credit code (``known``) and its evaluation date E (``e_date``)."""
    if plan.known and plan.e_date:
        return f"(SELECT known__ AS known, {plan.e_date} AS e_date FROM {plan.known})"
    return f"(SELECT credit_code AS known, MIN(e_date) AS e_date FROM ({plan.roster or plan.enterprises.select}) x GROUP BY credit_code)"


def _records_in_window(plan: Plan) -> str:
    """The behaviour records of the listed enterprises dated on or before their evaluation date
    E (one E for the whole run when `Plan.e_date` gives it: no join)."""
    cols = f"r.credit_code, r.kind, r.category, r.date, {STATUS_DEFAULT} AS status, r.repaired_on, r.deduction"
    if plan.e_date:
        return f"SELECT {cols}, {plan.e_date} AS e_date FROM ({plan.records.select}) r WHERE r.date <= {plan.e_date}"
    return (f"SELECT {cols}, i.e_date FROM ({plan.records.select}) r JOIN {_listed_dates(plan)} i "
            f"ON r.credit_code = i.known WHERE r.date <= i.e_date")


def score_sql(plan: Plan, model: Model, profile: str | None, d: Dialect, cents: bool = False,
              inline_input: bool = False, sort_points: bool = False) -> str:
    """The scores of every enterprise of the scoring input ``inp``, one row each, ordered by
    credit code: the relation ``inp`` (`input_sql`, materialised by the executor) or, with
    ``inline_input``, a CTE of this statement (DuckDB: its ≈ 35 columns for 1M enterprises are
    never written out); ``cents``: the points and scores as BIGINT cents (`money_columns`)
    instead of DECIMAL.

    ``sort_points``: sort the indicator points (``pts``: code, name, dates, one column per
    indicator and the behaviour's raw score) rather than the finished rows, and compute the
    dimension scores, total and grade over the sorted rows — a projection, which DuckDB runs
    in order over the sorted rows. The sort moves 20 columns instead of 30 (≈ 0.3 s less at
    1M). SQL does not promise the order of a subquery's ORDER BY to its outer query: the
    executor checks the order it receives (`ipcredit.batch.duck.in_code_order`)."""
    c = compile_model(model, profile, d)
    beh_id = model.behavior.id
    aggs = ", ".join(f"{expr} AS {alias}" for alias, expr in c.behaviour_aggregates)
    inds = ", ".join(f"{expr} AS p_{ind_id}" for ind_id, expr in c.indicators)
    dims = ", ".join(f"{expr} AS s_{dim_id}" for dim_id, expr in c.dimensions)
    raws = ", ".join(f"({' + '.join(f'p_{i.id}' for i in dim.indicators)}) AS raw_{dim.id}" for dim in model.dimensions)
    out = ["t.credit_code", "t.name", "t.e_date AS evaluation_date", "t.b_date AS base_date"]
    out += [f"{_money(expr, cents)} AS {col}" for col, expr in money_items(model, profile, d)]
    out += [f"{c.grade} AS grade"]
    scored, pts = "ind", ""
    if sort_points:
        kept = ["credit_code", "name", "e_date", "b_date", *(f"p_{ind_id}" for ind_id, _ in c.indicators), f"raw_{beh_id}"]
        scored, pts = "pts", f"pts AS (SELECT {', '.join(kept)} FROM ind ORDER BY credit_code),\n"
    rest = f"""rec AS ({_records_in_window(plan)}),
beh AS (SELECT r.credit_code AS beh_code, {aggs} FROM rec r GROUP BY r.credit_code),
ind AS (
  SELECT inp.*, {inds}, {c.behaviour_raw} AS raw_{beh_id}
  FROM inp LEFT JOIN beh ON inp.credit_code = beh.beh_code
),
{pts}dim AS (SELECT {scored}.*, {raws}, {dims} FROM {scored}),
t AS (SELECT dim.*, {c.total} AS total_c FROM dim)"""
    if inline_input:
        rest = f"inp AS ({_input_select(plan)}),\n{rest}"
    final = f"SELECT {', '.join(out)} FROM t" + ("" if sort_points else " ORDER BY t.credit_code")
    return plan.with_(rest, body=final) + final
