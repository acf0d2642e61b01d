"""Property tests of the derivation rules (Hypothesis, derandomised)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.facts.derive import derive
from ipcredit.facts.rows import RecordSet, Row
from ipcredit.facts.tables import ENTERPRISES
from ipcredit.standard import evaluate, parse_facts

CODE = "91440300708461136T"
E = dt.date(2026, 3, 15)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2026, 3, 15))
ENTERPRISE = Row("enterprises", "enterprises.csv", 2, {
    **{c.name: (False if c.type == "bool" else None) for c in ENTERPRISES.columns},
    "credit_code": CODE, "name": "示例", "ip_specialists": 0})


@st.composite
def patent(draw, i: int):
    applied = draw(days)
    grant = draw(st.none() | st.dates(min_value=applied, max_value=dt.date(2026, 12, 31)))
    lapse = draw(st.none() | st.dates(min_value=applied, max_value=dt.date(2027, 12, 31)))
    return Row("patents", "patents.csv", i + 2, {
        "credit_code": CODE, "patent_number": f"P{i}", "patent_type": draw(st.sampled_from(["invention", "utility_model", "design"])),
        "application_date": applied, "grant_date": grant, "lapse_date": lapse, "legal_status": None, "status_date": None,
        "overseas_family": draw(st.booleans()), "strategic_emerging": draw(st.booleans()), "award": draw(st.booleans()),
    })


@st.composite
def record_sets(draw):
    n = draw(st.integers(0, 12))
    patents = [draw(patent(i)) for i in range(n)]
    pledges = [Row("transactions", "transactions.csv", i + 2, {
        "credit_code": CODE, "kind": draw(st.sampled_from(["pledge", "license", "transfer", "open_license", "pool", "standard"])),
        "patent_numbers": tuple(draw(st.sets(st.sampled_from([f"P{j}" for j in range(max(n, 1))]), min_size=1))),
        "registration_date": draw(days), "amount_wan": draw(st.decimals(0, 3000, places=2)), "number": None,
    }) for i in range(draw(st.integers(0, 4)))]
    return RecordSet({"enterprises": [ENTERPRISE], "patents": patents, "transactions": pledges})


def _capacity(rs: RecordSet, base: dt.date) -> dict:
    return derive(rs, CODE, E, base).document["capacity"]


@settings(derandomize=True, max_examples=150, deadline=None)
@given(record_sets(), st.dates(min_value=dt.date(2005, 1, 1), max_value=E))
def test_counts_are_consistent(rs, base):
    cap = _capacity(rs, base)
    inventions = [r for r in rs.rows("patents") if r["patent_type"] == "invention"]
    assert 0 <= cap["high_value_patents"] <= cap["valid_invention_patents"] <= len(inventions)
    assert cap["other_ip"] <= len(rs.rows("patents")) - len(inventions)
    assert cap["pledge_wan"] >= 0 and cap["transfer_license_wan"] >= 0
    parse_facts(derive(rs, CODE, E, base).document)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(record_sets(), st.dates(min_value=dt.date(2010, 1, 1), max_value=E))
def test_a_valid_invention_more_never_lowers_the_score(rs, base):
    before = evaluate(parse_facts(derive(rs, CODE, E, base).document)).total
    extra = Row("patents", "patents.csv", 99, {
        "credit_code": CODE, "patent_number": "EXTRA", "patent_type": "invention", "application_date": dt.date(2001, 1, 1),
        "grant_date": dt.date(2003, 1, 1), "lapse_date": None, "legal_status": None, "status_date": None,
        "overseas_family": False, "strategic_emerging": False, "award": False})
    more = RecordSet({**rs.tables, "patents": [*rs.rows("patents"), extra]})
    after_doc = derive(more, CODE, E, base).document
    assert after_doc["capacity"]["valid_invention_patents"] == _capacity(rs, base)["valid_invention_patents"] + 1
    assert evaluate(parse_facts(after_doc)).total >= before


@settings(derandomize=True, max_examples=100, deadline=None)
@given(record_sets())
def test_pledge_sum_equals_window_rows(rs):
    base = dt.date(2025, 12, 31)
    expected = sum((r["amount_wan"] for r in rs.rows("transactions")
                    if r["kind"] == "pledge" and dt.date(2022, 12, 31) < r["registration_date"] <= base), Decimal(0))
    assert _capacity(rs, base)["pledge_wan"] == expected
