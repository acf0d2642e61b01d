"""Records of one enterprise → a facts-v1 document with provenance (pure: no I/O).

`derive(records, credit_code, evaluation_date, base_date=None, pledge_threshold=1000,
maintained_years=10)` returns a
`Derivation`: ``document`` (a plain facts-v1 dict, parseable by `parse_facts`) and
``provenance``: for every derived field path, the `Evidence` of each source row considered —
counted or not, and why (lapsed, outside the window, not yet granted …).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ipcredit.errors import InputError, Problem
from ipcredit.facts import rules
from ipcredit.facts.checks import patent_key
from ipcredit.facts.derive_basic import basic_part, enterprise_part, records_part
from ipcredit.facts.evidence import Derivation, Evidence, Params, judge
from ipcredit.facts.rows import RecordSet, Row
from ipcredit.standard.dates import default_base_date


def _number(row: Row) -> str:
    return row["patent_number"]


def _registration(row: Row) -> str:
    return row.get("number") or f"{row['kind']}@{row['registration_date']}#{row.line}"


def _count(evidence: list[Evidence]) -> int:
    return len({e.key for e in evidence if e.counted})


def _sum(evidence: list[Evidence]) -> Decimal:
    return sum((e.value for e in evidence if e.counted and e.value is not None), Decimal(0))


def patents_part(rs: RecordSet, p: Params, prov: dict[str, list[Evidence]]) -> dict[str, Any]:
    """C1, C2 (patents and other rights), C6."""
    patents = rs.rows("patents")
    inventions = [r for r in patents if r["patent_type"] == "invention"]
    prov["capacity.valid_invention_patents"] = judge(inventions, lambda r: rules.valid_invention(r, p.base), _number)
    others = judge([r for r in patents if r["patent_type"] != "invention"],
                    lambda r: rules.other_patent_held(r, p.base), _number)
    others += judge(rs.rows("other_rights"), lambda r: rules.right_held(r, p.base), lambda r: f"{r['kind']}:{r['number']}")
    prov["capacity.other_ip"] = others
    prov["capacity.high_value_patents"] = high_value(inventions, rs.rows("transactions"), p)
    return {
        "valid_invention_patents": _count(prov["capacity.valid_invention_patents"]),
        "other_ip": _count(others),
        "high_value_patents": _count(prov["capacity.high_value_patents"]),
    }


def pledge_amounts(transactions: list[Row], base: dt.date) -> dict[str, Decimal]:
    """Per patent: the largest single pledge registration (on or before B) that includes it."""
    best: dict[str, Decimal] = {}
    for row in transactions:
        if row["kind"] == "pledge" and row["registration_date"] <= base:
            for number in row.get("patent_numbers", ()):
                key = patent_key(number)
                best[key] = max(best.get(key, Decimal(0)), rules.amount(row))
    return best


def high_value(inventions: list[Row], transactions: list[Row], p: Params) -> list[Evidence]:
    """C6: valid invention patents at B meeting at least one CNIPA condition, each once."""
    pledges = pledge_amounts(transactions, p.base)
    out = []
    for row in inventions:
        ok, reason = rules.valid_invention(row, p.base)
        if ok:
            met = rules.high_value_conditions(row, p.base, patent_key(row["patent_number"]), pledges,
                                              p.pledge_threshold, p.maintained_years)
            ok, reason = (True, "高价值：" + "、".join(met)) if met else (False, "有效但不满足高价值条件 (no condition met)")
        out.append(Evidence(row.ref, row["patent_number"], ok, reason))
    return out


def flows_part(rs: RecordSet, p: Params, prov: dict[str, list[Evidence]]) -> dict[str, Any]:
    """C3 (cumulative), C4, C5, C7 (the window (B − 3 years, B])."""
    tx = rs.rows("transactions")
    prov["capacity.foreign_applications"] = judge(
        rs.rows("foreign_filings"), lambda r: rules.foreign_filed(r, p.base),
        lambda r: r.get("number") or f"{r['kind']}@{r['filing_date']}#{r.line}")
    prov["capacity.transfer_license_wan"] = judge(
        [r for r in tx if r["kind"] in ("transfer", "license")],
        lambda r: rules.transaction_in_window(r, p.base, ("transfer", "license")), _registration, rules.amount)
    prov["capacity.pledge_wan"] = judge(
        [r for r in tx if r["kind"] == "pledge"],
        lambda r: rules.transaction_in_window(r, p.base, ("pledge",)), _registration, rules.amount)
    prov["capacity.open_license_or_pool_patents"] = _patents_of(tx, ("open_license", "pool"), p.base)
    prov["capacity.standard_patents"] = _patents_of(tx, ("standard",), p.base)
    prov["capacity.dispute_gain_wan"] = judge(
        rs.rows("disputes"), lambda r: rules.in_3y_window(r["decision_date"], p.base),
        lambda r: r.get("case_number") or f"#{r.line}", rules.amount)
    return {
        "foreign_applications": sum(e.counted for e in prov["capacity.foreign_applications"]),
        "transfer_license_wan": _sum(prov["capacity.transfer_license_wan"]),
        "pledge_wan": _sum(prov["capacity.pledge_wan"]),
        "open_license_or_pool_patents": _count(prov["capacity.open_license_or_pool_patents"]),
        "standard_patents": _count(prov["capacity.standard_patents"]),
        "dispute_gain_wan": _sum(prov["capacity.dispute_gain_wan"]),
    }


def _patents_of(tx: list[Row], kinds: tuple[str, ...], base: dt.date) -> list[Evidence]:
    """C5 counts: distinct patents named by registrations of ``kinds`` in the window."""
    out = []
    for row in tx:
        if row["kind"] in kinds:
            ok, reason = rules.transaction_in_window(row, base, kinds)
            out += [Evidence(row.ref, patent_key(n), ok, reason) for n in row.get("patent_numbers", ())]
    return out


def derive(records: RecordSet, credit_code: str, evaluation_date: dt.date, base_date: dt.date | None = None,
           pledge_threshold: Decimal = Decimal(1000), maintained_years: int = 10) -> Derivation:
    """The facts-v1 document of one enterprise at B (default 31 Dec of the year before E)."""
    code = credit_code.strip().upper()
    base = base_date or default_base_date(evaluation_date)
    if base > evaluation_date:
        raise InputError(Problem("base_date", f"评价基准日 {base} 晚于评价日 {evaluation_date} (B after E)"))
    rs = records.for_enterprise(code)
    if not rs.rows("enterprises"):
        raise InputError(Problem("enterprise", f"记录中没有企业 {code} (enterprise not found in the records)"))
    p = Params(base, evaluation_date, Decimal(pledge_threshold), maintained_years)
    prov: dict[str, list[Evidence]] = {}
    ent = rs.rows("enterprises")[0]
    capacity = {**patents_part(rs, p, prov), **flows_part(rs, p, prov)}
    capacity["trade_secret"] = {k: ent[f"trade_secret_{k}"] for k in ("full_process", "internal", "external")}
    for k in ("full_process", "internal", "external"):
        prov[f"capacity.trade_secret.{k}"] = [Evidence(ent.ref, code, ent[f"trade_secret_{k}"], "企业申报")]
    document = {
        "schema": "ipcredit/facts-v1",
        "evaluation_date": evaluation_date,
        "base_date": base,
        "enterprise": enterprise_part(rs, ent, base, prov),
        "basic": basic_part(rs, ent, base, prov),
        "capacity": capacity,
        "records": records_part(rs, evaluation_date, prov),
    }
    return Derivation(document, prov)
