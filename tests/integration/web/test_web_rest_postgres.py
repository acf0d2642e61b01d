"""The new web routes on PostgreSQL (a random schema): cases API, supervision, account admin,
certificate digest — the JSON, Decimal and date columns they write work there too."""

from __future__ import annotations

import pytest
from web_auth_support import csrf_of, login

from ipcredit.web.settings import WebSettings

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    from wf_support import demo_database, drop_pg_schema, open_pg_schema, pg_schema_url

    schema = open_pg_schema()
    url = pg_schema_url(schema)
    folder = tmp_path_factory.mktemp("web-pg")
    demo_database(url, folder)[0].dispose()
    yield WebSettings(database_url=url, data_dir=str(folder))
    drop_pg_schema(schema)


def test_cases_api_on_postgres(settings):
    lead = login(settings, "lead")
    assert [c["id"] for c in lead.get("/api/v1/cases?state=issued").json()["items"]] == [3]
    assert lead.get("/api/v1/cases/3/scoring").json()["grade"] == "AAA"
    assert [c["id"] for c in login(settings, "enterprise1").get("/api/v1/cases").json()["items"]] == [1]


def test_certificate_digest_on_postgres(settings):
    import re

    from fastapi.testclient import TestClient

    from ipcredit.web.app import create_app

    cert = login(settings, "enterprise3").get("/cases/3/certificate.pdf").content
    public = TestClient(create_app(settings))
    r = public.post("/verify/upload", files={"report_file": ("c.pdf", cert, "application/pdf")},
                    headers={"X-CSRF-Token": csrf_of(public.get("/verify").text)})
    assert re.search(r'data-testid="verdict">有效', r.text)


def test_supervision_on_postgres(settings):
    sup = login(settings, "supervisor")
    token = csrf_of(sup.get("/supervision").text)
    r = sup.post("/supervision/sampling", data={"year": "2026", "rate": "1", "seed": "7", "csrf_token": token})
    assert r.status_code == 303 and "随机种子 7" in sup.get(r.headers["location"]).text
    code = login(settings, "lead").get("/api/v1/cases/3").json()["credit_code"]
    r = sup.post("/supervision/records", data={"credit_code": code, "kind": "infringement", "date": "2026-02-01",
                                               "deduction": "7.5", "reason": "判决认定侵权", "csrf_token": token})
    assert r.status_code == 200 and "记录已导入" in r.text
    r = sup.post("/supervision/records", data={"credit_code": code, "kind": "bad_record", "category": "listed_dishonest",
                                               "date": "2026-02-02", "csrf_token": token})
    assert "产生撤销建议 1 项" in r.text
    import re

    pid = max(int(x) for x in re.findall(r'data-proposal="(\d+)"', r.text))
    r = sup.post(f"/supervision/proposals/{pid}/decide", data={"decision": "accept", "reason": "核实", "csrf_token": token})
    assert r.status_code == 303


def test_account_admin_on_postgres(settings):
    admin = login(settings, "admin")
    token = csrf_of(admin.get("/admin/users").text)
    r = admin.post("/admin/users", data={"username": "pg-user", "role": "enterprise_user", "enterprise_id": "2",
                                         "password": "a-strong-password", "csrf_token": token})
    assert r.status_code == 303
    assert login(settings, "pg-user", "a-strong-password").get("/portal").status_code == 200
    r = admin.post("/admin/users", data={"username": "pg-ghost", "role": "enterprise_user", "enterprise_id": "999",
                                         "password": "a-strong-password", "csrf_token": token})
    assert r.status_code == 422 and "企业 999 不存在" in r.text
