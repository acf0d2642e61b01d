"""Invariants of the scoring engine, checked with Hypothesis on random facts."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.facts import BAD_CATEGORIES

E = dt.date(2026, 3, 15)
COUNTS = ["valid_invention_patents", "other_ip", "foreign_applications", "open_license_or_pool_patents",
          "standard_patents", "high_value_patents"]
AMOUNTS = ["transfer_license_wan", "pledge_wan", "dispute_gain_wan"]
FLAGS = ["ip_department", "ip_lawyer", "ipms_certified", "iso56005_certified", "ip_advantage_or_demo",
         "early_warning", "rights_protection", "ip_association"]

ratios = st.lists(st.decimals(min_value=0, max_value=1, places=4), max_size=3)
amounts = st.decimals(min_value=0, max_value=100000, places=2)
days = st.dates(min_value=dt.date(2019, 1, 1), max_value=E)
statuses = st.sampled_from(["verified", "unverified", "rejected"])


@st.composite
def records(draw):
    kind = draw(st.sampled_from(["national_award", "provincial_award", "good_record_provincial",
                                 "good_record_county", "bad_record", "infringement"]))
    rec = {"kind": kind, "date": draw(days).isoformat(), "status": draw(statuses)}
    if kind == "bad_record":
        rec["category"] = draw(st.sampled_from(BAD_CATEGORIES))
    if kind == "infringement":
        rec["deduction"] = draw(st.decimals(min_value=0, max_value=10, places=2))
        rec["reason"] = "认定侵权"
    if kind in ("bad_record", "infringement") and draw(st.booleans()):
        rec["repaired_on"] = draw(st.dates(min_value=dt.date.fromisoformat(rec["date"]), max_value=dt.date(2027, 1, 1))).isoformat()
    return rec


@st.composite
def fact_docs(draw):
    basic = {f: draw(st.booleans()) for f in FLAGS}
    basic["ip_specialists"] = draw(st.integers(0, 10))
    basic["rd_staff_ratio"] = draw(ratios)
    basic["rd_expense_ratio"] = draw(ratios)
    basic["ip_strategy"] = {k: draw(st.booleans()) for k in ("formulated", "culture", "system", "integrated")}
    capacity = {f: draw(st.integers(0, 5000)) for f in COUNTS}
    capacity.update({f: draw(amounts) for f in AMOUNTS})
    capacity["trade_secret"] = {k: draw(st.booleans()) for k in ("full_process", "internal", "external")}
    enterprise = {"name": "性质测试企业", "credit_code": "91440300708461136T"}
    if draw(st.booleans()):
        enterprise["annual_revenue_wan"] = draw(amounts)
    return {"schema": "ipcredit/facts-v1", "evaluation_date": E.isoformat(), "enterprise": enterprise,
            "basic": basic, "capacity": capacity, "records": draw(st.lists(records(), max_size=8))}


SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
PROFILES = st.sampled_from(["points", "weights"])


@SETTINGS
@given(fact_docs(), PROFILES)
def test_total_in_range_and_grade_matches_total(doc, profile):
    result = evaluate(parse_facts(doc), profile=profile)
    assert Decimal(0) <= result.total <= Decimal(100)
    for d in result.dimensions:
        assert Decimal(0) <= d.score <= d.max
    expected = "AAA" if result.total >= 80 else "AA" if result.total >= 60 else "A"
    assert result.grade.grade == expected
    assert result.total == sum(d.score for d in result.dimensions)
    for i in result.indicators:
        assert Decimal(0) <= i.points <= i.max
        assert i.points == i.points.quantize(Decimal("0.01"))


@SETTINGS
@given(fact_docs(), PROFILES, st.sampled_from(COUNTS + AMOUNTS), st.integers(1, 5000))
def test_raising_a_capacity_figure_never_lowers_the_score(doc, profile, field, increase):
    before = evaluate(parse_facts(doc), profile=profile)
    doc["capacity"][field] = doc["capacity"][field] + increase
    after = evaluate(parse_facts(doc), profile=profile)
    assert after.total >= before.total
    assert after.dimension("capacity").score >= before.dimension("capacity").score


@SETTINGS
@given(fact_docs(), PROFILES, records())
def test_adding_a_negative_record_never_raises_the_score(doc, profile, extra):
    if extra["kind"] not in ("bad_record", "infringement"):
        extra = {"kind": "bad_record", "category": "false_materials", "date": extra["date"]}
    before = evaluate(parse_facts(doc), profile=profile)
    doc["records"] = doc["records"] + [extra]
    after = evaluate(parse_facts(doc), profile=profile)
    assert after.total <= before.total


@SETTINGS
@given(fact_docs(), PROFILES, records())
def test_adding_a_positive_record_never_lowers_the_score(doc, profile, extra):
    if extra["kind"] in ("bad_record", "infringement"):
        extra = {"kind": "national_award", "date": extra["date"]}
    before = evaluate(parse_facts(doc), profile=profile)
    doc["records"] = doc["records"] + [extra]
    after = evaluate(parse_facts(doc), profile=profile)
    assert after.total >= before.total


@SETTINGS
@given(fact_docs())
def test_behaviour_sum_of_record_points_explains_the_dimension(doc):
    result = evaluate(parse_facts(doc))
    beh = result.dimension("behavior")
    assert beh.raw == 60 + sum(r.points for r in result.records)
    assert beh.score == max(Decimal(0), min(Decimal(60), beh.raw))
