"""Differential test: batch scoring on DuckDB equals the single engine, to the cent."""

from __future__ import annotations

import pytest
from batch_strategies import facts_population
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)  # no shrinking: a failure prints its population

from ipcredit.batch.run import score_facts_tables
from ipcredit.batch.facts_table import facts_tables
from ipcredit.standard.engine import evaluate
from ipcredit.standard.model import bundled_model


def assert_same(results, facts_list, profile=None) -> None:
    model = bundled_model()
    rows = {r["credit_code"]: r for r in results.to_pylist()}
    assert len(rows) == len(facts_list)
    for facts in facts_list:
        ev = evaluate(facts, model, profile)
        row = rows[facts.enterprise.credit_code]
        code = facts.enterprise.credit_code
        for ind in ev.indicators:
            assert row[ind.id] == ind.points, (code, ind.id, ind.reason)
        for dim in ev.dimensions:
            assert (row[f"{dim.id}_raw"], row[dim.id]) == (dim.raw, dim.score), (code, dim.id)
        assert (row["total"], row["grade"]) == (ev.total, ev.grade.grade), code
        assert row["base_date"] == ev.base_date


@pytest.mark.parametrize("profile", [None, "weights"])
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], phases=PHASES)
@given(population=facts_population())
def test_batch_equals_single_engine(profile, population):
    facts, records = facts_tables(population)
    outcome = score_facts_tables(facts, records, profile=profile)
    assert outcome.problems.num_rows == 0, outcome.problems.to_pylist()
    assert_same(outcome.results, population, profile)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], phases=PHASES)
@given(population=facts_population(max_size=8), custom=st.data())
def test_agency_model_with_custom_facts_compiles_to_the_same_scores(population, custom):
    from pathlib import Path

    from ipcredit.standard.facts import parse_facts
    from ipcredit.standard.model import load_model

    model = load_model(Path(__file__).resolve().parents[3] / "examples" / "agency-model.yaml")
    with_custom = []
    for f in population:
        doc = f.to_document()
        doc["custom"] = {"data_compliance_audit": custom.draw(st.booleans()),
                         "ip_insurance_wan": custom.draw(st.sampled_from([0, 0.01, 499.99, 500, 2000]))}
        with_custom.append(parse_facts(doc))
    facts, records = facts_tables(with_custom)
    outcome = score_facts_tables(facts, records, model=model)
    assert outcome.problems.num_rows == 0
    rows = {r["credit_code"]: r for r in outcome.results.to_pylist()}
    for f in with_custom:
        ev = evaluate(f, model)
        row = rows[f.enterprise.credit_code]
        assert [row[i.id] for i in ev.indicators] == [i.points for i in ev.indicators]
        assert [row[d.id] for d in ev.dimensions] == [d.score for d in ev.dimensions]
        assert (row["total"], row["grade"], row["model_id"]) == (ev.total, ev.grade.grade, "example-agency-2026")
