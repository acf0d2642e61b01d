"""The command line contract of SPEC §2.6: JSON output, table output, exit status 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcredit.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples/sample-a.yaml"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def ipcredit(*args):
    return subprocess.run([sys.executable, "-m", "ipcredit.cli.main", *map(str, args)],
                          capture_output=True, text=True, env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"})


def test_json_output_has_every_field_of_the_contract():
    res = ipcredit("evaluate", SAMPLE, "--format", "json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) >= {"model", "enterprise", "evaluation_date", "base_date", "dimensions", "indicators",
                        "records", "total", "grade", "grade_label"}
    assert out["model"]["id"] == "t-cfie-002-2023" and out["model"]["profile"] == "points"
    assert out["enterprise"] == {"name": "示例科技有限公司", "credit_code": "91330106MA2B3C4D5D",
                                 "industry": "C39", "annual_revenue_wan": 35000}
    assert (out["evaluation_date"], out["base_date"]) == ("2026-03-15", "2025-12-31")
    assert [(d["id"], d["score"], d["max"]) for d in out["dimensions"]] == [
        ("basic", 9, 10), ("capacity", 22.4, 30), ("behavior", 60, 60)]
    assert {d["id"]: (d["raw"], d["raw_max"]) for d in out["dimensions"]} == {
        "basic": (36, 40), "capacity": (56, 75), "behavior": (64, 60)}
    assert all(set(i) >= {"id", "dimension", "name", "points", "max", "reason"} and i["reason"] for i in out["indicators"])
    assert [r["points"] for r in out["records"]] == [10, 0, -6]
    assert (out["total"], out["grade"], out["grade_label"]) == (91.4, "AAA", "信用优秀")
    assert res.stderr == ""


def test_json_numbers_have_at_most_two_decimals():
    out = json.loads(run("evaluate", SAMPLE, "--format", "json", "--profile", "weights").stdout)
    assert out["total"] == 87.37
    numbers = [d["score"] for d in out["dimensions"]] + [i["points"] for i in out["indicators"]]
    assert all(round(n, 2) == n for n in numbers)


def test_table_output_is_readable_chinese():
    res = run("evaluate", SAMPLE)
    assert res.exit_code == 0
    for text in ("示例科技有限公司", "信用基本情况", "信用保障能力", "信用行为记录", "91.40", "AAA", "信用优秀", "C8"):
        assert text in res.stdout


def test_invalid_input_exits_2_with_nothing_on_stdout(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("deduction: 6", "deduction: 16")
                   .replace("91330106MA2B3C4D5D", "91330106MA2B3C4D5E"), encoding="utf-8")
    res = ipcredit("evaluate", bad, "--format", "json")
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("enterprise.credit_code: 统一社会信用代码校验位错误: 应为 D，实为 E (check character mismatch)")
    assert lines[1].startswith("records[2].deduction: 必须在 0 到 10 之间 (must be between 0 and 10)")


@pytest.mark.parametrize(("args", "message"), [
    (("evaluate", "nope.yaml"), "nope.yaml: 文件不存在 (file not found)"),
    (("evaluate", SAMPLE, "--profile", "percent"), "没有口径 'percent'"),
    (("evaluate", SAMPLE, "--model", "missing-model.yaml"), "missing-model.yaml: 文件不存在"),
    (("what-if", "nope.yaml"), "文件不存在"),
    (("model", "check", "nope.yaml"), "文件不存在"),
])
def test_user_errors_exit_2_without_traceback(args, message):
    res = run(*args)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert message in res.stderr
    assert "Traceback" not in res.stderr


def test_binary_garbage_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    res = run("evaluate", junk)
    assert res.exit_code == 2 and "不是 UTF-8 编码的文本" in res.stderr


def test_agency_model_option(tmp_path):
    res = run("evaluate", SAMPLE, "--model", ROOT / "examples/agency-model.yaml", "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["model"]["id"] == "example-agency-2026"
    assert [d["id"] for d in out["dimensions"]] == ["basic", "capacity", "agency", "behavior"]


def test_model_show_and_check():
    show = run("model", "show")
    assert show.exit_code == 0 and "信用保障能力" in show.stdout and "AAA" in show.stdout
    check = run("model", "check", ROOT / "examples/agency-model.yaml")
    assert check.exit_code == 0 and "example-agency-2026" in check.stdout


def test_model_check_refuses_a_model_breaking_the_70_percent_rule(tmp_path):
    bad = tmp_path / "greedy.yaml"
    bad.write_text((ROOT / "examples/agency-model.yaml").read_text(encoding="utf-8").replace(
        "{basic: 10, capacity: 25, behavior: 55, agency: 10}", "{basic: 10, capacity: 10, behavior: 40, agency: 40}"),
        encoding="utf-8")
    res = run("model", "check", bad)
    assert res.exit_code == 2
    assert "标准所列要素指标仅占 60%，低于 A.2.1 规定的 70%" in res.stderr


def test_what_if_lists_changes_ranked_by_gain():
    res = run("what-if", ROOT / "examples/demo.yaml", "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    gains = [s["gain"] for s in out["suggestions"]]
    assert gains == sorted(gains, reverse=True) and gains
