"""The facts commands as a user runs them: exit codes, stdout/stderr, messages naming the place."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.unit.facts.facts_golden_io import CODE, write_tables

CLI = [sys.executable, "-m", "ipcredit.cli.main"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    return write_tables({"patents": [{"申请号": "201910000001.1", "专利类型": "发明", "申请日": "2019-01-01",
                                      "授权日": "2020-01-01"}]}, folder)


def test_evaluate_from_records(records):
    out = run("evaluate", "--records", str(records), "--enterprise", CODE, "--evaluation-date", "2026-03-15",
              "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert next(i for i in data["indicators"] if i["id"] == "C1")["points"] == 1
    assert data["base_date"] == "2025-12-31"


def test_invalid_records_exit_2_nothing_on_stdout(tmp_path):
    write_tables({"patents": [{"申请号": "A1", "专利类型": "发明", "申请日": "2023-13-01"}]}, tmp_path)
    out = run("evaluate", "--records", str(tmp_path), "--enterprise", CODE, "--evaluation-date", "2026-03-15")
    assert out.returncode == 2 and out.stdout == ""
    assert "patents.csv 第 2 行 申请日: 日期格式错误 '2023-13-01'" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["examples/sample-a.yaml", "--records", "{r}", "--enterprise", CODE, "--evaluation-date", "2026-03-15"],
     "FILE 与 --records 只能给出一个"),
    (["--records", "{r}", "--evaluation-date", "2026-03-15"], "--enterprise: 使用 --records 时必填"),
    (["--records", "{r}", "--enterprise", "91330106MA2B3C4D5D", "--evaluation-date", "2026-03-15"],
     "enterprises 表中没有企业 91330106MA2B3C4D5D"),
    (["--records", "{r}", "--enterprise", CODE, "--evaluation-date", "2026-15-01"], "--evaluation-date: 日期格式错误"),
    (["--records", "{r}", "--enterprise", CODE, "--evaluation-date", "2026-03-15", "--base-date", "2026-04-01"],
     "base_date: 评价基准日 2026-04-01 晚于评价日"),
    (["--records", "{r}", "--enterprise", CODE, "--evaluation-date", "2026-03-15", "--explain", "C99"], "未知指标"),
    (["examples/sample-a.yaml", "--explain", "C1"], "须与 --records 同用"),
    ([], "请给出事实文件 FILE 或 --records"),
])
def test_evaluate_argument_errors(records, args, message):
    out = run("evaluate", *[a.replace("{r}", str(records)) for a in args])
    assert out.returncode == 2 and out.stdout == ""
    assert message in out.stderr


def test_facts_derive_and_check(records, tmp_path):
    facts = tmp_path / "facts.yaml"
    prov = tmp_path / "prov.json"
    out = run("facts", "derive", "--records", str(records), "--enterprise", CODE, "--evaluation-date", "2026-03-15",
              "-o", str(facts), "--provenance", str(prov))
    assert out.returncode == 0, out.stderr
    assert run("evaluate", str(facts)).returncode == 0
    counted = json.loads(prov.read_text(encoding="utf-8"))["capacity.valid_invention_patents"]
    assert counted == [{"row": "patents.csv 第 2 行", "key": "201910000001.1", "counted": True,
                        "reason": "有效：2020-01-01 授权"}]
    check = run("facts", "check", "--records", str(records))
    assert check.returncode == 0 and "记录有效" in check.stdout


def test_synth_then_check(tmp_path):
    out = run("synth", "records", "--enterprises", "200", "--seed", "5", "-o", str(tmp_path / "s"), "--csv")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "s" / "patents.parquet").exists() and (tmp_path / "s" / "patents.csv").exists()
    (tmp_path / "s" / "patents.csv").unlink()  # one file per table
    for name in ("enterprises", "rd_yearly", "other_rights", "foreign_filings", "transactions", "disputes",
                 "certifications", "records"):
        (tmp_path / "s" / f"{name}.parquet").unlink()
    check = run("facts", "check", "--records", str(tmp_path / "s"))
    assert check.returncode == 0, check.stderr
