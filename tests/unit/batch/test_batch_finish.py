"""The columns `run.finish` adds to the batch results: the grade's label and the model's id,
version, hash and profile, dictionary-encoded, with the same schema whether or not any
enterprise was scored."""

from __future__ import annotations

import pyarrow as pa

from ipcredit.batch.run import finish
from ipcredit.standard.model import bundled_model

PROBLEMS = pa.table({"credit_code": pa.array([], pa.string())})


def _results(grades: list[str], chunks: int = 1) -> pa.Table:
    codes = [f"C{i}" for i in range(len(grades))]
    step = max(1, -(-len(grades) // chunks))
    parts = [pa.record_batch({"credit_code": codes[i:i + step], "grade": grades[i:i + step]})
             for i in range(0, len(grades), step)]
    return pa.Table.from_batches(parts, pa.schema([("credit_code", pa.string()), ("grade", pa.string())]))


def test_labels_and_model_columns_for_every_row():
    model = bundled_model()
    labels = {g.grade: g.label for g in model.grades}
    grades = ["AAA", "A", "AA", "AA", "A"]
    out = finish(_results(grades, chunks=2), PROBLEMS, model, None)
    rows = out.results.to_pylist()
    assert [r["grade_label"] for r in rows] == [labels[g] for g in grades]
    assert {(r["model_id"], r["model_version"], r["model_hash"], r["profile"]) for r in rows} == {
        (model.id, model.version, model.content_hash, out.profile)}


def test_no_enterprise_scored_gives_the_same_schema():
    model = bundled_model()
    full = finish(_results(["AA"]), PROBLEMS, model, None).results
    empty = finish(_results([]), PROBLEMS, model, None).results
    assert empty.num_rows == 0 and empty.schema == full.schema
    assert full.schema.field("grade_label").type == pa.dictionary(pa.int32(), pa.string())
    assert full.schema.field("model_hash").type == pa.dictionary(pa.int8(), pa.string())
