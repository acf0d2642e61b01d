"""The rest of the web application in Chromium: Swagger UI offline under the CSP, the report
files and the draft preview, batch screening, supervision (sampling, revocation) and the
account admin page. A server of its own (this module revokes a demo report). Screenshots
are kept as artifacts (``web-rest-*.png``)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from test_web_case_flow_browser import act, log_in, log_out
from web_server_support import demo_server_env, running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server_env(tmp_path_factory) -> dict[str, str]:
    return demo_server_env(tmp_path_factory.mktemp("web-rest-e2e"))


@pytest.fixture(scope="module")
def base_url(server_env, tmp_path_factory):
    with running_server(server_env, tmp_path_factory.mktemp("rest-server") / "uvicorn.log") as url:
        yield url


def facts_csv() -> bytes:
    """A facts table of five enterprises (the batch layout), one with a bad cell."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ipcredit.batch.facts_table import facts_tables
    from ipcredit.demo.service import credit_code, demo_facts
    from ipcredit.standard.facts import parse_facts

    docs = [demo_facts(f"筛查企业{i}", credit_code(f"9144030{i}MA5F0X1Y2"), dt.date(2026, 3, 15)) for i in range(5)]
    for i, doc in enumerate(docs):
        doc["capacity"]["valid_invention_patents"] = 4 * i
    rows = facts_tables([parse_facts(d) for d in docs])[0].to_pylist()
    rows[4]["ip_specialists"] = -1
    buf = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pylist(rows), buf)
    return buf.getvalue()


def test_swagger_ui_works_offline_under_the_csp(page, base_url, artifacts):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:")) else None)
    response = page.goto("/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/cases/{case_id}/scoring")).to_be_visible()
    page.screenshot(path=str(artifacts / "web-rest-docs.png"), full_page=False)
    assert outside == []


def test_enterprise_downloads_word_and_certificate(page, artifacts):
    log_in(page, "enterprise3")
    page.goto("/portal")
    with page.expect_download() as word:
        page.get_by_role("link", name="Word").click()
    assert word.value.suggested_filename.endswith(".docx")
    with page.expect_download() as cert:
        page.get_by_role("link", name="证书").click()
    assert cert.value.suggested_filename.endswith("-certificate.pdf")
    assert open(cert.value.path(), "rb").read(4) == b"%PDF"


def test_lead_previews_the_draft_before_issue(page, artifacts):
    log_in(page, "lead")
    page.goto("/cases/2")
    act(page, "verify_all", {"note": "与原件核对一致"})
    act(page, "interview", {"place": "企业会议室", "interviewer": "王明", "interviewees": "企业负责人", "summary": "了解管理体系"})
    act(page, "draft")
    expect(page.get_by_test_id("case-state")).to_have_text("报告起草")
    with page.context.expect_page() as opened:
        page.get_by_test_id("report-preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator("body")).to_contain_text("草稿 / 非正式报告")
    expect(preview.locator("body")).to_contain_text("华信专利材料股份有限公司")
    preview.screenshot(path=str(artifacts / "web-rest-preview.png"), full_page=False)
    preview.close()


def test_batch_screening_upload(page, artifacts):
    log_in(page, "evaluator")
    page.get_by_role("link", name="批量筛查").click()
    page.locator("#b-table").set_input_files({"name": "facts.csv", "mimeType": "text/csv", "buffer": facts_csv()})
    page.locator("#b-e").fill("")
    page.get_by_role("button", name="上传并评价").click()
    expect(page.get_by_test_id("scored")).to_have_text("4")
    expect(page.locator("#results tbody tr")).to_have_count(4)
    expect(page.locator("#problems")).to_contain_text("ip_specialists")
    expect(page.locator(".chart svg")).to_be_visible()
    page.screenshot(path=str(artifacts / "web-rest-batch.png"), full_page=True)
    with page.expect_download() as dl:
        page.get_by_test_id("results-csv").click()
    assert open(dl.value.path(), encoding="utf-8").read().startswith("\"credit_code\"")


def test_supervisor_samples_and_revokes(page, artifacts):
    log_in(page, "supervisor")
    page.get_by_role("link", name="信用监督").click()
    form = page.locator("#sampling-form")
    form.locator("[name='rate']").fill("1")
    form.locator("[name='seed']").fill("20261201")
    form.get_by_role("button", name="开始抽查").click()
    expect(page.locator("#sampled tbody tr")).to_have_count(1)
    expect(page.locator("#sampled")).to_contain_text("复核中")
    page.screenshot(path=str(artifacts / "web-rest-sampling.png"), full_page=True)
    page.goto("/supervision")
    rec = page.locator("#record-form")
    rec.locator("[name='kind']").select_option("bad_record")
    rec.locator("[name='category']").select_option("listed_dishonest")
    rec.get_by_role("button", name="导入记录").click()
    expect(page.locator("#flash")).to_contain_text("产生撤销建议 1 项")
    proposal = page.locator(".proposal").first
    proposal.locator("textarea[name='reason']").fill("经核实已列入失信惩戒对象名单")
    proposal.get_by_role("button", name="接受并撤销报告").click()
    expect(page.locator("#flash")).to_contain_text("报告已撤销")
    expect(page.locator(".proposal").first).to_contain_text("已接受")
    page.screenshot(path=str(artifacts / "web-rest-supervision.png"), full_page=True)
    code = page.goto("/api/v1/cases/3").json()["report"]["verification_code"]
    page.goto(f"/verify/{code}")
    expect(page.locator("body")).to_contain_text("已撤销")


def test_admin_creates_unlocks_and_disables(page, artifacts):
    log_in(page, "admin")
    page.get_by_role("link", name="账户管理").click()
    form = page.locator("#new-user")
    form.locator("[name='username']").fill("ent-new")
    form.locator("[name='display_name']").fill("新企业用户")
    form.locator("[name='role']").select_option("enterprise_user")
    form.locator("[name='enterprise_id']").select_option(label="华信专利材料股份有限公司")
    form.locator("[name='password']").fill("short")
    form.get_by_role("button", name="创建账户").click()
    expect(page.locator("#flash")).to_contain_text("密码至少 10 个字符")
    page.locator("#new-user [name='password']").fill("a-long-enough-password")
    page.locator("#new-user").get_by_role("button", name="创建账户").click()
    expect(page.locator("#flash")).to_contain_text("账户已创建")
    row = page.locator("tr[data-username='ent-new']")
    expect(row).to_contain_text("企业用户")
    row.locator("button[data-action='disable']").click()
    expect(page.locator("#flash")).to_contain_text("账户已停用")
    expect(page.locator("tr[data-username='ent-new']")).to_contain_text("已停用")
    page.screenshot(path=str(artifacts / "web-rest-admin.png"), full_page=True)
    log_out(page)
    page.goto("/login")
    page.fill("#username", "ent-new")
    page.fill("#password", "a-long-enough-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("body")).to_contain_text("用户名或密码错误")
