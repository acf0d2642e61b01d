"""A whole evaluation through the browser: the enterprise applies in its portal, the agency
takes the case through contract, team, collection, interview, draft, panel (every member
votes from their own login), decision, issue and delivery; then anyone verifies the report
by its code, and the enterprise sees it in its portal. Screenshots kept as artifacts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ipcredit.demo.service import ENTERPRISES

pytestmark = pytest.mark.slow
PASSWORD = "ipcredit-demo"
NAME, _CODE = ENTERPRISES[2]     # 青禾创新设计有限公司 (examples/web-demo-qinghe.yaml): its earlier case is issued, so it may apply


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("whoami")).to_be_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="登录", exact=True)).to_be_visible()


def act(page, name: str, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None,
        files: dict[str, str] | None = None, checks: tuple[str, ...] = ()) -> None:
    """Fill the action's form on the case page, submit it, expect the success message."""
    form = page.locator(f"form.action:has(button[data-action='{name}'])")
    for field, value in (fields or {}).items():
        form.locator(f"[name='{field}']").fill(value)
    for field, label in (selects or {}).items():
        form.locator(f"select[name='{field}']").select_option(label=label)
    for field, path in (files or {}).items():
        form.locator(f"input[name='{field}']").set_input_files(path)
    for field in checks:
        form.locator(f"input[name='{field}']").check()
    form.locator(f"button[data-action='{name}']").click()
    expect(page.locator("#flash")).to_be_visible()
    expect(page.locator("#flash")).not_to_have_class(re.compile("error"))


def test_application_to_issued_report_through_the_ui(page, root: Path, artifacts: Path):
    log_in(page, "enterprise3")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#flash")).to_contain_text("已提交评价申请")
    case_id = re.search(r"案件 (\d+)", page.locator("#flash").inner_text()).group(1)
    log_out(page)

    log_in(page, "lead")
    page.goto("/workspace")
    expect(page.locator("#cases")).to_contain_text(NAME)
    page.screenshot(path=str(artifacts / "web-workspace.png"), full_page=True)
    page.goto(f"/cases/{case_id}")
    expect(page.get_by_test_id("case-state")).to_have_text("已申请")
    act(page, "contract", {"contract_no": f"HT-E2E-{case_id}"})
    act(page, "assign", selects={"person_id": "王明", "role": "项目负责人"})
    act(page, "assign", selects={"person_id": "张伟", "role": "评价人员"})
    act(page, "prepare", {"plan": "资料清单、现场访谈、评审安排"})
    act(page, "collect")
    expect(page.get_by_test_id("case-state")).to_have_text("信息收集")
    act(page, "import_facts", {"source": "企业提交材料"}, files={"facts_file": str(root / "examples" / "web-demo-qinghe.yaml")})
    act(page, "verify_all", {"note": "与原件核对一致"})
    act(page, "interview", {"place": "企业会议室", "interviewer": "王明", "interviewees": "企业知识产权负责人",
                            "summary": "了解知识产权管理体系运行情况"})
    act(page, "draft")
    expect(page.get_by_test_id("case-state")).to_have_text("报告起草")
    expect(page.locator("table.indicators")).to_contain_text("C6")
    act(page, "form_panel", selects={"reviewer1": "孙立", "reviewer2": "吴敏", "expert1": "郑教授", "expert2": "冯高工"})
    expect(page.get_by_test_id("case-state")).to_have_text("评审中")
    page.screenshot(path=str(artifacts / "web-case-review.png"), full_page=True)
    log_out(page)

    for member in ("lead", "reviewer1", "reviewer2", "expert1", "expert2"):
        log_in(page, member)
        page.goto(f"/cases/{case_id}")
        act(page, "vote", selects={"choice": "AAA"}, checks=("confidentiality",))
        log_out(page)

    log_in(page, "lead")
    page.goto(f"/cases/{case_id}")
    act(page, "decide")
    act(page, "issue")
    expect(page.get_by_test_id("case-state")).to_have_text("已出具")
    act(page, "deliver")
    number = page.get_by_test_id("report-number").inner_text()
    code = page.get_by_test_id("verification-code").inner_text()
    expect(page.locator("#timeline")).to_contain_text("王明")
    page.screenshot(path=str(artifacts / "web-case-issued.png"), full_page=True)
    log_out(page)

    page.goto("/verify")
    page.fill("#code", code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("verdict")).to_have_text("有效")
    expect(page.locator("dl.facts")).to_contain_text(number)
    expect(page.locator("dl.facts")).to_contain_text("AAA")
    page.screenshot(path=str(artifacts / "web-verify.png"), full_page=True)

    log_in(page, "enterprise3")
    expect(page.locator("body")).to_contain_text(number)
    page.screenshot(path=str(artifacts / "web-portal.png"), full_page=True)
    row = page.locator("tr", has_text=number)
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    pdf = artifacts / "web-issued-report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.goto("/verify")
    page.set_input_files("#report_file", str(pdf))
    page.get_by_role("button", name="核验文件").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("有效")
    expect(page.locator("dl.facts")).to_contain_text(number)
    page.screenshot(path=str(artifacts / "web-verify-pdf.png"), full_page=True)


def test_roles_see_their_own_home(page):
    for username, heading in (("admin", "机构工作台"), ("supervisor", "机构工作台"), ("enterprise1", "示范知识产权科技有限公司")):
        log_in(page, username)
        expect(page.locator("h1")).to_contain_text(heading)
        log_out(page)
