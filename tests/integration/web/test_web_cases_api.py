"""``/api/v1/cases``: list with filters, one case with its timeline, the scoring of a case —
scoped like the pages (agency users: their agency; enterprise users: their own enterprise),
errors as problem details, documented in OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_auth_support import login

from ipcredit.web.app import create_app

PROBLEM = "application/problem+json"


@pytest.mark.parametrize("username", ["admin", "lead", "evaluator", "reviewer1", "supervisor"])
def test_agency_roles_list_their_agency_cases(app_settings, username):
    body = login(app_settings, username).get("/api/v1/cases").json()
    assert body["total"] == 3 and [c["id"] for c in body["items"]] == [1, 2, 3]
    assert body["items"][2]["state"] == "issued" and body["items"][2]["state_label"] == "已出具"


def test_filters_and_paging(app_settings):
    c = login(app_settings, "lead")
    assert [x["id"] for x in c.get("/api/v1/cases?state=collecting").json()["items"]] == [2]
    assert c.get("/api/v1/cases?kind=recheck").json()["total"] == 0
    code = c.get("/api/v1/cases/3").json()["credit_code"]
    assert [x["id"] for x in c.get(f"/api/v1/cases?credit_code={code.lower()}").json()["items"]] == [3]
    page = c.get("/api/v1/cases?offset=1&limit=1").json()
    assert page["total"] == 3 and [x["id"] for x in page["items"]] == [2]


def test_unknown_state_and_bad_paging_are_problems(app_settings):
    c = login(app_settings, "lead")
    r = c.get("/api/v1/cases?state=bogus")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert "未知状态 'bogus'" in r.json()["detail"] and "issued" in r.json()["detail"]
    r = c.get("/api/v1/cases?limit=100000")
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "query.limit"


def test_enterprise_user_sees_only_its_own_cases(app_settings):
    c = login(app_settings, "enterprise1")
    assert [x["id"] for x in c.get("/api/v1/cases").json()["items"]] == [1]
    assert c.get("/api/v1/cases/1").status_code == 200
    for path in ("/api/v1/cases/3", "/api/v1/cases/3/scoring"):
        r = c.get(path)
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM and "无权查看" in r.json()["detail"]


def test_case_detail_has_team_report_and_timeline(app_settings):
    body = login(app_settings, "lead").get("/api/v1/cases/3").json()
    assert body["report"]["number"].startswith("DEMO-") and body["report"]["grade"] == "AAA"
    assert {m["role"] for m in body["team"]} == {"lead", "evaluator"}
    actions = [e["action"] for e in body["timeline"]]
    assert actions[0] == "applied" and "vote_cast" in actions and body["timeline"][0]["detail"] is not None


def test_enterprise_sees_its_issued_case_without_details(app_settings):
    body = login(app_settings, "enterprise3").get("/api/v1/cases/3").json()
    assert body["timeline"] and all(e["detail"] is None for e in body["timeline"])


def test_scoring_of_issued_and_drafting_cases(app_settings):
    lead = login(app_settings, "lead")
    s = lead.get("/api/v1/cases/3/scoring").json()
    assert s["purpose"] == "issued" and s["grade"] == "AAA" and s["result"]["total"] == s["total"]
    assert len(s["result"]["indicators"]) >= 16
    r = lead.get("/api/v1/cases/1/scoring")
    assert r.status_code == 404 and "尚无可查看的评分" in r.json()["detail"]
    assert login(app_settings, "enterprise3").get("/api/v1/cases/3/scoring").json()["grade"] == "AAA"


def test_anonymous_and_unknown_are_problems(app_settings):
    c = TestClient(create_app(app_settings))
    r = c.get("/api/v1/cases")
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM and r.json()["title_en"]
    r = login(app_settings, "lead").get("/api/v1/cases/999")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_cases_api_is_in_openapi(app_settings):
    doc = TestClient(create_app(app_settings)).get("/openapi.json").json()
    for path in ("/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/scoring"):
        assert "get" in doc["paths"][path]
    ok = doc["paths"]["/api/v1/cases/{case_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/CaseDetailOut")
    assert "CaseScoringOut" in doc["components"]["schemas"] and "404" in doc["paths"]["/api/v1/cases"]["get"]["responses"]
