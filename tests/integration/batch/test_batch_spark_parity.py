"""Spark (local[2]) runs the same compiled model: the same results as DuckDB and the single engine."""

from __future__ import annotations

import pytest
from batch_strategies import facts_population
from hypothesis import HealthCheck, Phase, given, settings
from test_batch_parity_facts import assert_same

from ipcredit.batch.facts_table import facts_tables
from ipcredit.batch.run import score_facts_tables

pytestmark = pytest.mark.slow


@settings(max_examples=2, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(population=facts_population(max_size=8))
def test_spark_equals_duckdb_and_single_engine(population):
    facts, records = facts_tables(population)
    spark = score_facts_tables(facts, records, engine="spark", spark_master="local[2]")
    duck = score_facts_tables(facts, records)
    assert spark.problems.num_rows == 0, spark.problems.to_pylist()
    assert spark.results.to_pylist() == duck.results.to_pylist()
    assert_same(spark.results, population)
