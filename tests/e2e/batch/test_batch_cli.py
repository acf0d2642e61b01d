"""``ipcredit batch score`` as a user runs it: files written, summary, exit codes, messages."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ipcredit.batch.facts_table import facts_tables
from ipcredit.facts.synth import generate, write
from ipcredit.standard.engine import evaluate
from ipcredit.standard.facts import parse_facts
from ipcredit.yamlio import load_file

CLI = [sys.executable, "-m", "ipcredit.cli.main"]
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    write(generate(60, 3), folder, csv=True)
    return folder / "csv"  # the CSV files as an agency sends them: Chinese headers and labels


def test_score_records_writes_results_summary_and_chart(records, tmp_path):
    out = run("batch", "score", "--records", str(records), "--evaluation-date", "2026-03-15", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    results = pq.read_table(tmp_path / "out" / "results.parquet")
    assert results.num_rows == 60
    assert {"B1", "C8", "basic", "capacity", "behavior", "total", "grade", "model_hash"} <= set(results.column_names)
    with (tmp_path / "out" / "results.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 60
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert sum(summary["grades"].values()) == 60 and summary["model"]["id"] == "t-cfie-002-2023"
    svg = (tmp_path / "out" / "score-histogram.svg").read_text(encoding="utf-8")
    assert "总分分布" in svg and svg.count("<rect") == 11
    assert "等级分布" in out.stderr and "已评价 60 家" in out.stderr


def test_score_facts_table_equals_single_evaluation(tmp_path):
    facts = [parse_facts(load_file(EXAMPLES / name)) for name in ("sample-a.yaml", "demo.yaml")]
    table, recs = facts_tables(facts)
    (tmp_path / "recs").mkdir()
    pq.write_table(table, tmp_path / "facts.parquet")
    pq.write_table(recs, tmp_path / "recs" / "records.parquet")
    out = run("batch", "score", "--facts", str(tmp_path / "facts.parquet"), "--records", str(tmp_path / "recs"),
              "--profile", "weights", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    rows = {r["credit_code"]: r for r in pq.read_table(tmp_path / "out" / "results.parquet").to_pylist()}
    for f in facts:
        ev = evaluate(f, profile="weights")
        assert (rows[f.enterprise.credit_code]["total"], rows[f.enterprise.credit_code]["grade"]) == (ev.total, ev.grade.grade)


@pytest.mark.parametrize(("args", "message"), [
    (["--records", "{records}"], "--evaluation-date"),
    (["--records", "{records}", "--evaluation-date", "2026-02-30"], "日期格式错误"),
    (["--records", "/nonexistent/folder", "--evaluation-date", "2026-03-15"], "找不到"),
    (["--records", "{records}", "--evaluation-date", "2026-03-15", "--profile", "nope"], "口径"),
    (["--records", "{records}", "--evaluation-date", "2026-03-15", "--engine", "oracle"], "未知引擎"),
])
def test_user_errors_exit_2_name_the_option_and_write_nothing(records, tmp_path, args, message):
    out = run("batch", "score", *[a.format(records=records) for a in args], "-o", str(tmp_path / "out"))
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""
    assert not (tmp_path / "out").exists()


def test_missing_required_column_is_refused(records, tmp_path):
    folder = tmp_path / "recs"
    folder.mkdir()
    for path in records.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "patents":
            text = text.replace('"申请日"', '"备注"', 1)
        (folder / path.name).write_text(text, encoding="utf-8")
    out = run("batch", "score", "--records", str(folder), "--evaluation-date", "2026-03-15", "-o", str(tmp_path / "out"))
    assert out.returncode == 2
    assert "patents.csv" in out.stderr and "缺少必填列 申请日" in out.stderr


@pytest.mark.parametrize("damage", ["truncated", "footer", "pages"])
def test_a_damaged_parquet_file_is_refused_without_a_traceback(tmp_path, damage):
    folder = tmp_path / "recs"
    write(generate(20, 4), folder)
    patents = folder / "patents.parquet"
    data = bytearray(patents.read_bytes())
    if damage == "truncated":
        data = data[:len(data) // 2]
    elif damage == "footer":
        data[-12:-4] = b"\xff" * 8
    else:  # the footer intact, the pages scrambled: found while the rows are read
        data[len(data) // 4:len(data) // 2] = bytes((x * 7 + 13) & 0xFF for x in data[len(data) // 4:len(data) // 2])
    patents.write_bytes(bytes(data))
    out = run("batch", "score", "--records", str(folder), "--evaluation-date", "2026-03-15", "-o", str(tmp_path / "out"))
    assert out.returncode == 2, out.stderr
    assert "--records: 表无法读取" in out.stderr and "Traceback" not in out.stderr
    if damage != "pages":
        assert "patents.parquet" in out.stderr
    assert not (tmp_path / "out").exists()
