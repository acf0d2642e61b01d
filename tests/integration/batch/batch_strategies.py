"""Hypothesis strategies for facts-v1 documents covering every rule of the bundled model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from ipcredit.standard.credit_code import check_character
from ipcredit.standard.facts import BAD_CATEGORIES, RECORD_KINDS, parse_facts

EVAL_DATES = st.sampled_from([dt.date(2026, 3, 15), dt.date(2024, 2, 29), dt.date(2025, 12, 31), dt.date(2028, 2, 29)])


def codes(n: int, salt: int) -> list[str]:
    out = []
    for i in range(n):
        body = f"9133{salt % 100:02d}{i:011d}"
        out.append(body + check_character(body))
    return out


def decimals(max_value: int, places: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, max_value * 10 ** places).map(lambda v: Decimal(v).scaleb(-places))


ratio = st.one_of(st.sampled_from([Decimal("0.1"), Decimal("0.05"), Decimal("0.04"), Decimal("0.03"), Decimal(0), Decimal(1)]),
                  decimals(1, 6))
amount = st.one_of(st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(50), Decimal(100), Decimal(1000), Decimal("999.99")]),
                   decimals(2000, 2))
count = st.one_of(st.sampled_from([0, 1, 2, 3, 5, 6, 10, 11, 20, 21, 50]), st.integers(0, 80))


@st.composite
def record(draw, e: dt.date) -> dict:
    kind = draw(st.sampled_from(RECORD_KINDS))
    day = e - dt.timedelta(days=draw(st.one_of(st.integers(0, 2200), st.sampled_from([0, 365, 366, 1095, 1096, 1826, 1827]))))
    rec: dict = {"kind": kind, "date": day.isoformat(),
                 "status": draw(st.sampled_from(["verified", "verified", "unverified", "rejected"]))}
    if kind == "bad_record":
        rec["category"] = draw(st.sampled_from(BAD_CATEGORIES))
    if kind == "infringement":
        rec["deduction"] = draw(st.one_of(decimals(10, 2), st.sampled_from([Decimal("2.345"), Decimal("0.005"), Decimal(10)])))
        rec["reason"] = "判决认定侵权"
    if kind in ("bad_record", "infringement") and draw(st.booleans()):
        rec["repaired_on"] = (day + dt.timedelta(days=draw(st.integers(0, 900)))).isoformat()
    return rec


@st.composite
def facts_doc(draw, code: str) -> dict:
    e = draw(EVAL_DATES)
    b = draw(st.one_of(st.none(), st.just(e), st.just(e - dt.timedelta(days=400))))
    flags = st.booleans()
    doc = {
        "schema": "ipcredit/facts-v1", "evaluation_date": e.isoformat(),
        "enterprise": {"name": f"企业{code[-6:]}", "credit_code": code},
        "basic": {
            "ip_department": draw(flags), "ip_specialists": draw(st.integers(0, 4)), "ip_lawyer": draw(flags),
            "rd_staff_ratio": draw(st.lists(ratio, max_size=3)), "rd_expense_ratio": draw(st.lists(ratio, max_size=3)),
            "ip_strategy": {k: draw(flags) for k in ("formulated", "culture", "system", "integrated")},
            **{k: draw(flags) for k in ("ipms_certified", "iso56005_certified", "ip_advantage_or_demo",
                                        "early_warning", "rights_protection", "ip_association")},
        },
        "capacity": {
            **{k: draw(count) for k in ("valid_invention_patents", "other_ip", "foreign_applications",
                                        "open_license_or_pool_patents", "standard_patents", "high_value_patents")},
            **{k: draw(amount) for k in ("transfer_license_wan", "pledge_wan", "dispute_gain_wan")},
            "trade_secret": {k: draw(flags) for k in ("full_process", "internal", "external")},
        },
        "records": draw(st.lists(record(e), max_size=8)),
    }
    if b is not None:
        doc["base_date"] = b.isoformat()
    revenue = draw(st.one_of(st.none(), st.sampled_from([Decimal(5000), Decimal(20000), Decimal("5000.01")]), decimals(50000, 2)))
    if revenue is not None:
        doc["enterprise"]["annual_revenue_wan"] = revenue
    return doc


@st.composite
def facts_population(draw, max_size: int = 12):
    n = draw(st.integers(1, max_size))
    salt = draw(st.integers(0, 99))
    return [parse_facts(draw(facts_doc(code))) for code in codes(n, salt)]
