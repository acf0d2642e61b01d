"""Use cases of the facts slice, for the CLI and other entry points: records → facts of one enterprise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ipcredit.errors import InputError, Problem


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem(option, f"日期格式错误 '{text}'，应为 YYYY-MM-DD (invalid date)")) from None


def derive_for(records: Path, enterprise: str, evaluation_date: str, base_date: str | None, model=None):
    """Load one enterprise's rows, derive its facts at B and parse them: (Derivation, Facts)."""
    from ipcredit.facts.derive import derive
    from ipcredit.facts.readers import load_records
    from ipcredit.standard import bundled_model, parse_facts
    from ipcredit.standard.credit_code import credit_code_problem

    model = model or bundled_model()
    problem = credit_code_problem(enterprise.strip().upper())
    if problem:
        raise InputError(Problem("--enterprise", f"{problem} '{enterprise}'"))
    e_day = parse_date(evaluation_date, "--evaluation-date")
    b_day = parse_date(base_date, "--base-date") if base_date else None
    rows = load_records(records, enterprise)
    params = model.parameters
    derivation = derive(rows, enterprise, e_day, b_day,
                        pledge_threshold=params.get("high_value_pledge_threshold_wan", 1000),
                        maintained_years=int(params.get("high_value_maintained_years", 10)))
    return derivation, parse_facts(derivation.document, "derived facts")
