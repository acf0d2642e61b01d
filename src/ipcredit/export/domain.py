"""De-identification rules, pure: keyed pseudonyms, coarse attributes, k-anonymity."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from decimal import Decimal
from typing import Any

QUASI_IDENTIFIERS = ("industry_section", "region", "size_band")
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
    "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
    "63": "青海", "64": "宁夏", "65": "新疆", "71": "台湾", "81": "香港", "82": "澳门",
}
UNKNOWN = "未知"


def pseudonym(key: bytes, credit_code: str) -> str:
    """HMAC-SHA256 of the credit code under the pseudonym key: the same code gives the same
    pseudonym within one key; without the key it cannot be reversed or recomputed."""
    return hmac.new(key, credit_code.strip().upper().encode(), hashlib.sha256).hexdigest()[:24]


def region(credit_code: str) -> str:
    """Province from the administrative-division digits (positions 3–4) of the GB 32100 code."""
    return PROVINCES.get(credit_code[2:4], UNKNOWN)


def industry_section(industry: str | None) -> str:
    """GB/T 4754 section letter (门类) of an industry code such as ``C39``."""
    letter = (industry or "").strip()[:1].upper()
    return letter if letter.isalpha() else UNKNOWN


def size_band(revenue_wan: Any) -> str:
    """Revenue band of the standard's R&D rule (B2): ≤5000, 5000–20000, >20000 万元."""
    if revenue_wan is None:
        return UNKNOWN
    r = Decimal(str(revenue_wan))
    return "≤5000万元" if r <= 5000 else "5000–20000万元" if r <= 20000 else ">20000万元"


def k_anonymous(rows: list[dict[str, Any]], k: int) -> tuple[list[dict[str, Any]], int, int]:
    """Rows whose quasi-identifier combination is shared by at least ``k`` rows; also the
    number of rows and of groups suppressed."""
    key = lambda r: tuple(r[q] for q in QUASI_IDENTIFIERS)  # noqa: E731
    sizes = Counter(key(r) for r in rows)
    kept = [r for r in rows if sizes[key(r)] >= k]
    small = [g for g, n in sizes.items() if n < k]
    return kept, len(rows) - len(kept), len(small)


def evaluation_row(credit_code: str, result: dict[str, Any], key: bytes) -> dict[str, Any]:
    """One de-identified row from a stored scoring result: no name, no code, no reasons."""
    ent = result.get("enterprise") or {}
    row: dict[str, Any] = {
        "pseudonym": pseudonym(key, credit_code),
        "evaluation_month": str(result.get("evaluation_date", ""))[:7],
        "industry_section": industry_section(ent.get("industry")),
        "region": region(credit_code),
        "size_band": size_band(ent.get("annual_revenue_wan")),
        "grade": result.get("grade"),
        "total": Decimal(str(result.get("total"))),
    }
    for dim in result.get("dimensions", []):
        row[f"dim_{dim['id']}"] = Decimal(str(dim["score"]))
    for ind in result.get("indicators", []):
        row[f"ind_{ind['id']}"] = Decimal(str(ind["points"]))
    return row
