"""Enterprise identity, basic situation (B1–B8) and behaviour records from the record tables.

Declared management facts (B1, B3, B6–B8, C8) are columns of `enterprises`; certificates
(B4, B5) come from `certifications`, valid at B; R&D shares (B2) and last year's revenue
from `rd_yearly`; behaviour records from `records`, passed to the engine, which judges
their windows at E.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ipcredit.facts import rules
from ipcredit.facts.evidence import Evidence
from ipcredit.facts.rows import RecordSet, Row

DECLARED = {
    "basic.ip_department": "ip_department", "basic.ip_specialists": "ip_specialists",
    "basic.ip_lawyer": "ip_lawyer", "basic.ip_strategy.formulated": "strategy_formulated",
    "basic.ip_strategy.culture": "strategy_culture", "basic.ip_strategy.system": "strategy_system",
    "basic.ip_strategy.integrated": "strategy_integrated", "basic.early_warning": "early_warning",
    "basic.rights_protection": "rights_protection", "basic.ip_association": "ip_association",
}
CERTIFICATES = {
    "basic.ipms_certified": ("gbt29490_2013", "gbt29490_2023"),
    "basic.iso56005_certified": ("iso56005",),
    "basic.ip_advantage_or_demo": ("ip_advantage", "ip_demo"),
}
RECORD_FIELDS = ("id", "title", "source", "status", "category", "repaired_on", "deduction", "reason")


def enterprise_part(rs: RecordSet, ent: Row, base: dt.date, prov: dict[str, list[Evidence]]) -> dict[str, Any]:
    """Name, credit code, industry; annual revenue = revenue of the last R&D year (rd_years(B)[-1])."""
    out: dict[str, Any] = {"name": ent["name"], "credit_code": ent["credit_code"]}
    if ent.get("industry"):
        out["industry"] = ent["industry"]
    last = rules.rd_years(base)[-1]
    evidence = []
    for row in rs.rows("rd_yearly"):
        counted = row["year"] == last and row.get("revenue_wan") is not None
        reason = f"{row['year']} 年营业收入" if counted else f"非 {last} 年或未填营业收入"
        evidence.append(Evidence(row.ref, str(row["year"]), counted, reason, row.get("revenue_wan") if counted else None))
        if counted:
            out["annual_revenue_wan"] = row["revenue_wan"]
    prov["enterprise.annual_revenue_wan"] = evidence
    return out


def rd_ratios(rows: list[Row], base: dt.date, column: str) -> tuple[list[Decimal], list[Evidence]]:
    """B2: the yearly shares of the years rd_years(B), oldest first; empty cells are skipped."""
    years = rules.rd_years(base)
    evidence, values = [], []
    for row in sorted(rows, key=lambda r: r["year"]):
        value = row.get(column)
        if row["year"] not in years:
            evidence.append(Evidence(row.ref, str(row["year"]), False, f"不在近三年 {years[0]}–{years[-1]} 内"))
        elif value is None:
            evidence.append(Evidence(row.ref, str(row["year"]), False, "未填写 (empty)"))
        else:
            values.append(value)
            evidence.append(Evidence(row.ref, str(row["year"]), True, f"{row['year']} 年", value))
    return values, evidence


def certified(rs: RecordSet, base: dt.date, kinds: tuple[str, ...]) -> list[Evidence]:
    """B4/B5: certificates of ``kinds`` judged at B."""
    out = []
    for row in rs.rows("certifications"):
        if row["kind"] in kinds:
            ok, reason = rules.certificate_valid(row, base)
            out.append(Evidence(row.ref, row.get("number") or row["kind"], ok, f"{row['kind']}: {reason}"))
    return out


def basic_part(rs: RecordSet, ent: Row, base: dt.date, prov: dict[str, list[Evidence]]) -> dict[str, Any]:
    """basic.*: declared columns of `enterprises`, certificates at B, R&D shares."""
    basic: dict[str, Any] = {"ip_strategy": {}}
    for path, column in DECLARED.items():
        value = ent[column] if ent[column] is not None else (0 if column == "ip_specialists" else False)
        _put(basic, path, value)
        prov[path] = [Evidence(ent.ref, ent["credit_code"], bool(value), f"企业申报 {value}")]
    for path, kinds in CERTIFICATES.items():
        prov[path] = certified(rs, base, kinds)
        _put(basic, path, any(e.counted for e in prov[path]))
    for column in ("rd_staff_ratio", "rd_expense_ratio"):
        basic[column], prov[f"basic.{column}"] = rd_ratios(rs.rows("rd_yearly"), base, column)
    return basic


def _put(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")[1:]
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def records_part(rs: RecordSet, evaluation: dt.date, prov: dict[str, list[Evidence]]) -> list[dict[str, Any]]:
    """facts-v1 records: every `records` row dated on or before E, in file order."""
    out, evidence = [], []
    for row in rs.rows("records"):
        ok, reason = rules.record_known_at(row, evaluation)
        tag = f"{row['kind']}/{row['category']}" if row.get("category") else row["kind"]
        evidence.append(Evidence(row.ref, row.get("id") or row["kind"], ok, f"{tag}: {reason}", tag=tag))
        if ok:
            record = {"kind": row["kind"], "date": row["date"]}
            record.update({k: row[k] for k in RECORD_FIELDS if row.get(k) is not None})
            record.setdefault("id", row.ref)
            out.append(record)
    prov["records"] = evidence
    return out
