"""Objections in the browser: the enterprise files an information objection (due in 7 working
days) and a result objection within 15 days of delivery; a second result objection is refused
with the rule's reason; the agency concludes the information objection."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_web_case_flow_browser import log_in, log_out

pytestmark = pytest.mark.slow


def file_objection(page, kind: str, claim: str, path_label: str | None = None) -> None:
    form = page.locator("#objection-form")
    form.locator("select[name='kind']").select_option(kind)
    if path_label:
        form.locator("select[name='path']").select_option(label=path_label)
    form.locator("textarea[name='claim']").fill(claim)
    form.get_by_role("button", name="提交异议").click()


def test_enterprise_objects_and_agency_concludes(page, artifacts):
    log_in(page, "enterprise3")      # its demo report (case 3) was delivered today
    file_objection(page, "information", "质押融资金额应为 1200 万元，附登记证明", "近三年质押融资数额（万元）")
    expect(page.locator("#flash")).to_contain_text("异议已受理，机构应于")
    file_objection(page, "result", "补充国家级奖项证书，请求复评")
    expect(page.locator("#flash")).to_contain_text("异议已受理")
    file_objection(page, "result", "再次请求复评")
    expect(page.locator("#flash")).to_have_class("flash error")
    expect(page.locator("#flash")).to_contain_text("§5.3.9 b")
    expect(page.locator("#objections tbody tr")).to_have_count(2)
    page.screenshot(path=str(artifacts / "web-portal-objections.png"), full_page=True)
    log_out(page)

    log_in(page, "lead")
    page.goto("/workspace")
    expect(page.locator("body")).to_contain_text("信息异议")
    page.goto("/cases/3")
    form = page.locator("form.action:has(button[data-action='conclude_objection'])")
    form.locator("select[name='objection_id']").select_option(index=1)
    form.locator("select[name='outcome']").select_option("confirmed")
    form.locator("textarea[name='reasons']").fill("经核对质押登记公示，原信息无误")
    form.locator("button[data-action='conclude_objection']").click()
    expect(page.locator("#flash")).to_contain_text("信息异议已办结")
    expect(page.locator("form.action:has(button[data-action='conclude_objection'])")).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("异议办结")
