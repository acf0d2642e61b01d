"""信用监督 pages (§6): sampling runs, imported records, revocation proposals — roles
allowed and refused, the supervision services' rules shown as messages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_auth_support import csrf_of, login
from web_rest_support import seeded_settings

from ipcredit.web.app import create_app


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return seeded_settings(tmp_path_factory.mktemp("supervision"))


@pytest.fixture(scope="module")
def supervisor(settings) -> TestClient:
    return login(settings, "supervisor")


def _post(c: TestClient, path: str, data: dict):
    return c.post(path, data={**data, "csrf_token": csrf_of(c.get("/supervision").text)})


def _code(c: TestClient) -> str:
    return re.search(r'<option value="(\w{18})">青禾', c.get("/supervision").text).group(1)


@pytest.mark.parametrize("username", ["lead", "evaluator", "reviewer1", "enterprise3"])
def test_other_roles_are_refused(settings, username):
    c = login(settings, username)
    assert c.get("/supervision").status_code == 403
    assert c.get("/supervision/sampling/1").status_code == 403
    token = csrf_of(c.get("/").text)
    for path in ("/supervision/sampling", "/supervision/records", "/supervision/proposals/1/decide"):
        assert c.post(path, data={"year": "2026", "rate": "1", "csrf_token": token}).status_code == 403


def test_admin_may_view_and_anonymous_is_sent_to_login(settings):
    assert "年度抽查" in login(settings, "admin").get("/supervision").text
    r = TestClient(create_app(settings), follow_redirects=False).get("/supervision")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_sampling_run_opens_recheck_cases(supervisor):
    r = _post(supervisor, "/supervision/sampling", {"year": "2026", "rate": "1", "seed": "20261201"})
    assert r.status_code == 303
    run = supervisor.get(r.headers["location"])
    assert "随机种子 20261201" in run.text and "抽中 1 份" in run.text
    assert re.search(r'<a href="/cases/(\d+)">案件 \1</a>', run.text) and "复核中：已申请" in run.text
    assert "抽查 " in supervisor.get("/supervision").text
    assert 'id="sampling"' in supervisor.get("/workspace").text          # the dashboard lists sampling runs


def test_sampling_refusals_are_messages(supervisor):
    r = _post(supervisor, "/supervision/sampling", {"year": "2026", "rate": "1.5"})
    assert r.status_code == 409 and "抽查比例应在 (0, 1] 内" in r.text
    r = _post(supervisor, "/supervision/sampling", {"year": "2026", "rate": "abc"})
    assert r.status_code == 409 and "抽查比例应为小数" in r.text
    r = _post(supervisor, "/supervision/sampling", {"year": "2026", "rate": "1", "seed": "x"})
    assert r.status_code == 409 and "随机种子应为整数" in r.text
    r = _post(supervisor, "/supervision/sampling", {"year": "2026", "rate": "1", "seed": str(2**63)})
    assert r.status_code == 409 and "超出 64 位整数范围" in r.text
    assert supervisor.get("/supervision/sampling/999").status_code == 404


def test_invalid_record_is_refused_naming_the_field(supervisor):
    r = _post(supervisor, "/supervision/records", {"credit_code": _code(supervisor), "kind": "infringement",
                                                   "date": "2026-01-05", "deduction": "", "reason": ""})
    assert r.status_code == 422 and "记录未导入" in r.text and "records[0]" in r.text
    r = _post(supervisor, "/supervision/records", {"credit_code": _code(supervisor), "kind": "infringement",
                                                   "date": "2026-01-05", "deduction": "abc", "reason": "认定"})
    assert r.status_code == 422 and "扣分应为 0–10 的数" in r.text


def test_a_record_raises_a_proposal_that_is_rejected_then_accepted(supervisor, settings):
    code = _code(supervisor)
    r = _post(supervisor, "/supervision/records", {"credit_code": code, "kind": "bad_record",
                                                   "category": "listed_dishonest", "date": "2026-01-05"})
    assert r.status_code == 200 and "产生撤销建议 1 项" in r.text
    first = int(re.search(r'data-proposal="(\d+)"', r.text).group(1))
    r = _post(supervisor, f"/supervision/proposals/{first}/decide", {"decision": "reject", "reason": ""})
    assert r.status_code == 409 and "撤销决定" in r.text          # the service requires a reason
    r = _post(supervisor, f"/supervision/proposals/{first}/decide", {"decision": "reject", "reason": "记录已被更正"})
    assert r.status_code == 303 and r.headers["location"].endswith("ok=rejected")
    r = _post(supervisor, f"/supervision/proposals/{first}/decide", {"decision": "accept", "reason": "再次决定"})
    assert r.status_code == 409 and "已处理" in r.text

    _post(supervisor, "/supervision/records", {"credit_code": code, "kind": "bad_record",
                                               "category": "authority_determined", "date": "2026-02-01"})
    second = max(int(x) for x in re.findall(r'data-proposal="(\d+)"', supervisor.get("/supervision").text))
    r = _post(supervisor, f"/supervision/proposals/{second}/decide", {"decision": "accept", "reason": "核实属实"})
    assert r.status_code == 303
    assert "已接受（报告已撤销）" in supervisor.get("/supervision").text
    lead = login(settings, "lead")
    assert lead.get("/api/v1/cases/3").json()["report"]["status"] == "revoked"


def test_unknown_proposal_and_bad_decision(supervisor):
    assert _post(supervisor, "/supervision/proposals/999/decide", {"decision": "accept", "reason": "x"}).status_code == 404
    r = _post(supervisor, "/supervision/proposals/1/decide", {"decision": "maybe", "reason": "x"})
    assert r.status_code == 422 and "请选择接受或驳回" in r.text


def test_supervision_forms_need_the_csrf_token(supervisor):
    r = supervisor.post("/supervision/sampling", data={"year": "2026", "rate": "1", "csrf_token": "forged"})
    assert r.status_code == 403


def test_another_agency_sees_none_of_this_agency_supervision(settings, supervisor):
    from web_rest_support import other_agency_login

    _post(supervisor, "/supervision/sampling", {"year": "2027", "rate": "1", "seed": "1"})
    _post(supervisor, "/supervision/records", {"credit_code": _code(supervisor), "kind": "infringement",
                                               "date": "2026-03-01", "deduction": "10", "reason": "判决认定侵权"})
    other_agency_login(settings, "other-supervisor", "supervisor")
    other = login(settings, "other-supervisor", "other-agency-pw")
    page = other.get("/supervision").text
    assert "没有撤销建议" in page and "尚未进行抽查" in page
    assert other.get("/supervision/sampling/1").status_code == 404
    token = csrf_of(page)
    r = other.post("/supervision/proposals/1/decide", data={"decision": "accept", "reason": "越权", "csrf_token": token})
    assert r.status_code == 404 and "撤销建议 1 不存在" in r.text
