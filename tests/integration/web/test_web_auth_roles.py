"""Accounts, sessions, CSRF and role permissions with the TestClient on a seeded database."""

from __future__ import annotations

import pytest
from web_auth_support import PASSWORD, csrf_of, login
from fastapi.testclient import TestClient

from ipcredit.web.app import create_app
from ipcredit.web.security import api_routes, route_permission

# Routes anyone may use: the scoring API, the calculator, verification, login.
PUBLIC = {"/", "/healthz", "/api/v1/evaluate", "/api/v1/what-if", "/self-assessment",
          "/self-assessment/record-row", "/self-assessment/upload", "/login", "/logout",
          "/verify", "/verify/{code}", "/verify/upload", "/docs"}


def test_every_non_public_route_names_a_permission(app_settings):
    app = create_app(app_settings)
    routes = api_routes(app.routes)
    guarded = {r.path: route_permission(r) for r in routes if r.path not in PUBLIC}
    assert all(guarded.values()), guarded
    assert guarded["/workspace"] == "workspace.view" and guarded["/portal"] == "portal.use"
    assert guarded["/cases/{case_id}"] == guarded["/cases/{case_id}/actions/{name}"] == "case.view"
    assert guarded["/api/v1/disclosures/{credit_code}"] == "api_client"
    assert {r.path for r in routes} >= PUBLIC


def test_wrong_password_is_refused_with_a_message(app_settings):
    c = TestClient(create_app(app_settings))
    r = c.post("/login", data={"username": "evaluator", "password": "wrong-password",
                               "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    r = c.post("/login", data={"username": "nobody", "password": "x", "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 401 and "用户名或密码错误" in r.text


def test_five_failures_lock_the_account(app_settings, web_db):
    from ipcredit.auth.service import create_user
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.uow import UnitOfWork

    with UnitOfWork(session_factory(make_engine(app_settings.database_url)), app_settings.data_dir) as uow:
        create_user(uow, "locktest", "correct-horse-1", "evaluator", agency_id=web_db[1]["agency_id"])
    c = TestClient(create_app(app_settings))
    for _ in range(5):
        r = c.post("/login", data={"username": "locktest", "password": "nope",
                                   "csrf_token": csrf_of(c.get("/login").text)})
        assert r.status_code == 401
    r = c.post("/login", data={"username": "locktest", "password": "correct-horse-1",
                               "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 401 and "锁定" in r.text


def test_session_cookie_is_httponly_and_samesite_and_logout_ends_it(app_settings):
    c = TestClient(create_app(app_settings), follow_redirects=False)
    r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": csrf_of(c.get("/login").text)})
    cookie = r.headers["set-cookie"]
    assert "ipcredit_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = c.get("/workspace")
    assert page.status_code == 200
    c.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert c.get("/workspace").status_code == 303


def test_login_refuses_a_forged_csrf_token(app_settings):
    c = TestClient(create_app(app_settings))
    c.get("/login")
    r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403


def test_login_redirect_stays_on_this_site(app_settings):
    c = TestClient(create_app(app_settings), follow_redirects=False)
    token = csrf_of(c.get("/login?next=//evil.example/x").text)
    r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": token,
                               "next": "//evil.example/x"})
    assert r.headers["location"] == "/workspace"


# role → expected status of (workspace, portal, the issued case 3, the applied case 1)
MATRIX = {
    "admin": (200, 403, 200, 200),
    "lead": (200, 403, 200, 200),
    "evaluator": (200, 403, 200, 200),
    "reviewer1": (200, 403, 200, 200),
    "supervisor": (200, 403, 200, 200),
    "enterprise3": (403, 200, 200, 404),   # its own case only
    "enterprise1": (403, 200, 404, 200),
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_role_matrix(app_settings, web_db, username):
    c = login(app_settings, username)
    got = (c.get("/workspace").status_code, c.get("/portal").status_code,
           c.get("/cases/3").status_code, c.get("/cases/1").status_code)
    assert got == MATRIX[username]


def test_anonymous_is_sent_to_login(app_settings):
    c = TestClient(create_app(app_settings), follow_redirects=False)
    for path in ("/workspace", "/portal", "/cases/3"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_actions_are_refused_to_roles_and_states_that_do_not_allow_them(app_settings):
    ev = login(app_settings, "evaluator")
    page = ev.get("/cases/1")
    assert 'data-action="contract"' not in page.text             # evaluators do not sign contracts
    r = ev.post("/cases/1/actions/contract", data={"contract_no": "X", "csrf_token": csrf_of(page.text)})
    assert r.status_code == 403 and "不允许" in r.text
    ent = login(app_settings, "enterprise3")
    r = ent.post("/cases/3/actions/deliver", data={"csrf_token": csrf_of(ent.get("/portal").text)})
    assert r.status_code == 403
    lead = login(app_settings, "lead")
    page = lead.get("/cases/3")
    r = lead.post("/cases/3/actions/contract", data={"contract_no": "X", "csrf_token": csrf_of(page.text)})
    assert r.status_code == 403                                   # issued: no contract any more
    r = lead.post("/cases/3/actions/contract", data={"contract_no": "X"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_a_rule_violation_is_shown_on_the_case_page(app_settings):
    lead = login(app_settings, "lead")
    page = lead.get("/cases/2")
    r = lead.post("/cases/2/actions/draft", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 409
    assert "未完成" in r.text and "Traceback" not in r.text


def test_verification_page_by_code(app_settings, web_db):
    c = TestClient(create_app(app_settings))
    lead = login(app_settings, "lead")
    import re
    code = re.search(r'data-testid="verification-code">([^<]+)<', lead.get("/cases/3").text).group(1)
    r = c.get(f"/verify/{code}")
    assert r.status_code == 200 and "有效" in r.text and "青禾创新设计有限公司" in r.text
    assert c.get("/verify/AAAA-BBBB-CCCC").status_code == 404
    r = c.post("/verify/upload", files={"report_file": ("x.pdf", b"not a pdf", "application/pdf")},
               headers={"X-CSRF-Token": csrf_of(c.get("/verify").text)})
    assert r.status_code == 415 and "PDF" in r.text


def test_many_failed_logins_from_one_address_are_throttled_across_accounts(app_settings):
    from ipcredit.auth.throttle import MAX_FAILURES_PER_ADDRESS

    c = TestClient(create_app(app_settings))
    token = csrf_of(c.get("/login").text)
    for i in range(MAX_FAILURES_PER_ADDRESS):     # a different (unknown) account each time: no lockout applies
        r = c.post("/login", data={"username": f"guess{i}", "password": "wrong-password", "csrf_token": token})
        assert r.status_code == 401
    r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0 and "登录失败次数过多" in r.text
    other = TestClient(create_app(app_settings), follow_redirects=False)
    r = other.post("/login", data={"username": "lead", "password": PASSWORD,
                                   "csrf_token": csrf_of(other.get("/login").text)})
    assert r.status_code == 303        # another application instance, a fresh count (per process state)
