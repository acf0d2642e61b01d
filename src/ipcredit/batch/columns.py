"""Column names of the facts table (事实表, one row per enterprise) and the scoring input.

A facts-v1 field path maps to a flat column: the path without its first part, dots as
underscores (``basic.ip_strategy.formulated`` → ``ip_strategy_formulated``,
``enterprise.annual_revenue_wan`` → ``annual_revenue_wan``, ``custom.x`` → ``custom_x``).
The yearly R&D shares are three columns, oldest first: ``rd_staff_ratio_1`` … ``_3``.

The *scoring input* relation the compiled model reads has the same names, typed (BOOLEAN,
BIGINT counts, DECIMAL(18,4) amounts) and never NULL except ``annual_revenue_wan`` (unknown
revenue has its own target); a ratio list becomes ``<col>__sum`` (Σ share × 10⁹, BIGINT) and
``<col>__n`` (how many years were given), with ``e_date`` (评价日 E) and ``b_date`` (B).
"""

from __future__ import annotations

from functools import lru_cache

from ipcredit.errors import ModelError, Problem
from ipcredit.standard.facts import field_kinds

RATIO_SCALE = 1_000_000_000  # shares are exact to 9 decimals
RATIO_YEARS = 3
AMOUNT_TYPE = "DECIMAL(18,4)"
RATIO_TYPE = "DECIMAL(18,9)"   # a share in [0, 1], exact to 9 decimals
IDENTITY = ("credit_code", "name", "industry")


def fact_column(path: str) -> str:
    """The facts-table column of a facts-v1 field path."""
    head, _, rest = path.partition(".")
    if not rest:
        raise ModelError(Problem("batch", f"无法映射字段 {path!r} (unknown facts field)"))
    return rest.replace(".", "_") if head != "custom" else f"custom_{rest.replace('.', '_')}"


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return field_kinds()


def field_kind(path: str) -> str:
    """bool, count, amount, ratios or text; ``custom.*`` facts are numbers (true = 1)."""
    if path.startswith("custom."):
        return "custom"
    kinds = _kinds()
    if path not in kinds:
        raise ModelError(Problem("batch", f"未知事实字段 {path!r} (unknown facts field)"))
    return kinds[path]


def scored_fields() -> dict[str, str]:
    """Every facts field the scoring input carries (path → kind), identity texts excluded."""
    return {p: k for p, k in _kinds().items() if k != "text"}


def ratio_columns(col: str) -> list[str]:
    return [f"{col}_{i}" for i in range(1, RATIO_YEARS + 1)]


def facts_table_columns(custom: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The facts-table layout: (column, kind) in a readable order, for templates and docs."""
    out = [("credit_code", "text"), ("name", "text"), ("industry", "text"),
           ("evaluation_date", "date"), ("base_date", "date")]
    for path, kind in scored_fields().items():
        col = fact_column(path)
        out += [(c, "ratio") for c in ratio_columns(col)] if kind == "ratios" else [(col, kind)]
    out += [(f"custom_{c}", "custom") for c in custom]
    return out
