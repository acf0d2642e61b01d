"""Differential test: batch scoring on DuckDB equals the single engine, to the cent."""

from __future__ import annotations

import pytest
from batch_strategies import facts_population
from hypothesis import HealthCheck, Phase, given, settings

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
