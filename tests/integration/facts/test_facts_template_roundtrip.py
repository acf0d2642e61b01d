"""The XLSX template round-trips: write, fill in, import, derive, evaluate (CLI)."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from ipcredit.cli.main import app, register_groups
from ipcredit.facts.readers import load_records
from ipcredit.facts.tables import TABLES
from ipcredit.facts.template import GUIDE_SHEET, write_template
from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file

CODE = "91440300708461136T"
register_groups()
runner = CliRunner()


def test_template_has_a_sheet_per_table_and_a_guide(tmp_path):
    path = tmp_path / "records.xlsx"
    write_template(path)
    book = load_workbook(path)
    assert book.sheetnames == [GUIDE_SHEET] + [t.name for t in TABLES]
    for table in TABLES:
        sheet = book[table.name]
        assert [c.value for c in sheet[1]] == [c.header for c in table.columns]
        assert sheet.cell(row=2, column=1).value == CODE  # the filled example row
    guide_rows = book[GUIDE_SHEET].max_row - 1
    assert guide_rows == sum(len(t.columns) for t in TABLES)


def test_template_example_imports_and_counts_high_value_once(tmp_path):
    path = tmp_path / "records.xlsx"
    write_template(path)
    records = load_records(path)
    assert all(len(rows) == 1 for rows in records.tables.values())
    from ipcredit.facts.derive import derive

    doc = derive(records, CODE, dt.date(2026, 3, 15)).document
    assert doc["capacity"]["high_value_patents"] == 1  # meets all five conditions, counted once
    assert doc["capacity"]["pledge_wan"] == 1200


def _fill(path):
    book = load_workbook(path)
    patents = book["patents"]
    for i in range(5):
        patents.append([CODE, f"20201000001{i}.1", "一种方法", "发明", dt.date(2020, 1, 1), dt.date(2021, 6, 1),
                        "有效", None, None, "否", "否", "否"])
    patents.append([CODE, "202010000099.1", "一种方法", "发明", dt.date(2020, 1, 1), dt.date(2026, 2, 1)])
    book["transactions"].append([CODE, "许可", "L-1", "202010000010.1", dt.date(2024, 5, 1), 600])
    book["records"].append([CODE, "失信记录", dt.date(2024, 5, 10), "B-1", "列入失信名单", "国家知识产权局",
                            "已核实", "提交虚假材料"])
    book.save(path)


def test_fill_import_derive_evaluate(tmp_path):
    path = tmp_path / "records.xlsx"
    assert runner.invoke(app, ["template", str(path)]).exit_code == 0
    _fill(path)
    facts_path = tmp_path / "facts.yaml"
    args = ["--records", str(path), "--enterprise", CODE, "--evaluation-date", "2026-03-15"]
    derived = runner.invoke(app, ["facts", "derive", *args, "-o", str(facts_path)])
    assert derived.exit_code == 0, derived.output
    facts = parse_facts(load_file(facts_path))
    assert facts.capacity.valid_invention_patents == 6
    assert facts.capacity.transfer_license_wan == 600
    assert [r.kind for r in facts.records] == ["national_award", "bad_record"]
    scored = runner.invoke(app, ["evaluate", *args, "--format", "json"])
    assert scored.exit_code == 0, scored.output
    got = json.loads(scored.stdout)
    want = evaluate(facts).to_json()
    assert (got["total"], got["grade"], got["indicators"]) == (want["total"], want["grade"], want["indicators"])


def test_explain_lists_counted_and_excluded_rows(tmp_path):
    path = tmp_path / "records.xlsx"
    write_template(path)
    _fill(path)
    args = ["--records", str(path), "--enterprise", CODE, "--evaluation-date", "2026-03-15", "--explain", "C1"]
    out = runner.invoke(app, ["evaluate", *args])
    assert out.exit_code == 0, out.output
    assert "计入 6 行，未计入 1 行" in out.stdout
    assert "records.xlsx 工作表 patents 第 8 行  202010000099.1  基准日后授权 2026-02-01" in out.stdout
    as_json = json.loads(runner.invoke(app, ["evaluate", *args, "--format", "json"]).stdout)
    field = as_json["explain"]["fields"][0]
    assert field["field"] == "capacity.valid_invention_patents"
    assert len(field["counted"]) == 6 and field["not_counted"][0]["key"] == "202010000099.1"


def test_explain_behaviour_rule_lists_its_records_only(tmp_path):
    path = tmp_path / "records.xlsx"
    write_template(path)
    _fill(path)
    args = ["--records", str(path), "--enterprise", CODE, "--evaluation-date", "2026-03-15", "--explain"]
    n4 = runner.invoke(app, ["evaluate", *args, "N4"]).stdout
    r1 = runner.invoke(app, ["evaluate", *args, "R1"]).stdout
    assert "工作表 records 第 3 行  B-1  bad_record/false_materials" in n4 and "ZL-2023-001" not in n4
    assert "ZL-2023-001  national_award" in r1 and "B-1" not in r1.split("source rows")[1]
