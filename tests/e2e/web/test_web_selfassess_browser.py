"""Self-assessment in a real browser (Debian Chromium via Playwright): live scoring with
HTMX, errors next to the field, records added and removed, file upload; screenshots kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file

pytestmark = pytest.mark.slow

CODE = "91330106MA2B3C4D5D"


def total_of(doc: dict) -> str:
    """The total the engine gives, as the page prints it (no trailing zeros)."""
    value = evaluate(parse_facts(doc)).total
    return format(value.normalize(), "f")


def fill_enterprise(page) -> None:
    page.fill("#f-enterprise-name", "浙江自评测试有限公司")
    page.fill("#f-enterprise-credit_code", CODE)
    page.fill("#f-evaluation_date", "2026-03-15")


def test_live_scoring_errors_and_records(page, artifacts: Path):
    page.goto("/self-assessment")
    expect(page.locator("#result")).to_contain_text("尚不能计分")
    fill_enterprise(page)
    base = {"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
            "enterprise": {"name": "浙江自评测试有限公司", "credit_code": CODE}}
    # SPEC §2: no IP at all and a clean record totals 60 and rates AA under `points`.
    expect(page.get_by_test_id("total")).to_have_text("60")
    expect(page.locator(".grade-badge")).to_have_text("AA")

    page.fill("#f-capacity-valid_invention_patents", "18")
    with_patents = {**base, "capacity": {"valid_invention_patents": 18}}
    expect(page.get_by_test_id("total")).to_have_text(total_of(with_patents))
    expect(page.locator("table.indicators")).to_contain_text("C1")

    page.fill("#f-capacity-other_ip", "十二")
    expect(page.locator("#err-capacity-other_ip")).to_contain_text("应为数字")
    expect(page.locator("#result")).to_contain_text("尚不能计分")
    page.fill("#f-enterprise-credit_code", CODE[:-1] + "0")
    expect(page.locator("#err-enterprise-credit_code")).to_contain_text("校验")
    page.screenshot(path=str(artifacts / "web-selfassess-errors.png"), full_page=False)
    page.fill("#f-capacity-other_ip", "12")
    page.fill("#f-enterprise-credit_code", CODE)
    expect(page.locator("#err-capacity-other_ip")).to_be_empty()
    expect(page.locator("#err-enterprise-credit_code")).to_be_empty()
    with_ip = {**base, "capacity": {"valid_invention_patents": 18, "other_ip": 12}}
    expect(page.get_by_test_id("total")).to_have_text(total_of(with_ip))

    page.get_by_role("button", name="＋ 添加记录").click()
    record = page.locator("fieldset.record").last
    record.locator("select[name='rec.kind']").select_option("bad_record")
    record.locator("input[name='rec.date']").fill("2025-05-10")
    expect(record.locator("[id$='-category']").last).to_contain_text("类别")
    record.locator("select[name='rec.category']").select_option("malicious_trademark")
    bad = {**with_ip, "records": [{"kind": "bad_record", "category": "malicious_trademark", "date": "2025-05-10"}]}
    expect(page.get_by_test_id("total")).to_have_text(total_of(bad))
    expect(page.locator("table.records")).to_contain_text("N2")
    page.screenshot(path=str(artifacts / "web-selfassess-live.png"), full_page=True)

    record.get_by_role("button", name="删除此记录").click()
    expect(page.locator("fieldset.record")).to_have_count(0)
    expect(page.get_by_test_id("total")).to_have_text(total_of(with_ip))


def test_upload_scores_the_file_and_fills_the_form(page, root: Path, artifacts: Path):
    page.goto("/self-assessment")
    page.set_input_files("#facts_file", str(root / "examples" / "sample-a.yaml"))
    page.get_by_role("button", name="上传并计分").click()
    # SPEC §2.5: sample-a totals 91.40, AAA.
    expect(page.get_by_test_id("total")).to_have_text("91.4")
    expect(page.locator(".grade-badge")).to_have_text("AAA")
    expect(page.locator("#f-enterprise-name")).to_have_value("示例科技有限公司")
    expect(page.locator("fieldset.record")).to_have_count(len(load_file(root / "examples" / "sample-a.yaml")["records"]))
    expect(page.locator(".suggestions li").first).to_be_visible()
    page.screenshot(path=str(artifacts / "web-selfassess-upload.png"), full_page=False)
    page.locator(".result-col").screenshot(path=str(artifacts / "web-selfassess-result.png"))

    # Editing the uploaded facts rescoring live: lowering the high-value patents lowers C6.
    page.fill("#f-capacity-high_value_patents", "0")
    doc = load_file(root / "examples" / "sample-a.yaml")
    doc["capacity"]["high_value_patents"] = 0
    expect(page.get_by_test_id("total")).to_have_text(total_of(doc))


def test_upload_of_a_broken_file_lists_its_problems(page, tmp_path: Path, artifacts: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: ipcredit/facts-v1\nevaluation_date: 2026-02-30\nenterprise: {name: 甲, credit_code: '1'}\n",
                   encoding="utf-8")
    page.goto("/self-assessment")
    page.set_input_files("#facts_file", str(bad))
    page.get_by_role("button", name="上传并计分").click()
    alert = page.locator("#upload-problems")
    expect(alert).to_contain_text("evaluation_date")
    expect(alert).to_contain_text("日期不存在")
    expect(alert).to_contain_text("enterprise.credit_code")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.screenshot(path=str(artifacts / "web-selfassess-upload-error.png"))
