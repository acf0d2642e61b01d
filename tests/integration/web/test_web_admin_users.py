"""账户管理 (``users.manage``, admin only): list, create with a role, unlock, disable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_auth_support import PASSWORD, csrf_of, login
from web_rest_support import seeded_settings

from ipcredit.web.app import create_app


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return seeded_settings(tmp_path_factory.mktemp("admin"))


def _post(c: TestClient, path: str, data: dict):
    return c.post(path, data={**data, "csrf_token": csrf_of(c.get("/admin/users").text)})


def _sessions_of(settings, username: str) -> int:
    from sqlalchemy import func, select

    from ipcredit.auth.models import UserAccount, UserSession
    from ipcredit.db.engine import make_engine, session_factory

    engine = make_engine(settings.database_url)
    with session_factory(engine)() as s:
        uid = s.scalar(select(UserAccount.id).where(UserAccount.username == username))
        n = s.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == uid))
    engine.dispose()
    return n


def _user_id(c: TestClient, username: str) -> int:
    import re

    html = c.get("/admin/users").text
    row = html[html.index(f'data-username="{username}"'):]
    return int(re.search(r"/admin/users/(\d+)/", row).group(1))


@pytest.mark.parametrize("username", ["lead", "evaluator", "reviewer1", "supervisor", "enterprise1"])
def test_other_roles_are_refused(settings, username):
    c = login(settings, username)
    assert c.get("/admin/users").status_code == 403
    token = csrf_of(c.get("/workspace" if username != "enterprise1" else "/portal").text)
    r = c.post("/admin/users", data={"username": "x", "password": "long-enough-pw", "role": "admin", "csrf_token": token})
    assert r.status_code == 403
    assert c.post("/admin/users/1/disable", data={"csrf_token": token}).status_code == 403


def test_admin_lists_users(settings):
    html = login(settings, "admin").get("/admin/users").text
    assert "账户管理" in html and 'data-username="enterprise3"' in html and "项目负责人" in html


def test_admin_creates_users_that_can_log_in(settings):
    admin = login(settings, "admin")
    r = _post(admin, "/admin/users", {"username": "bank-analyst", "display_name": "赵评估", "role": "evaluator",
                                      "password": "a-strong-password"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/users?ok=created"
    assert "/workspace" in login(settings, "bank-analyst", "a-strong-password").get("/").text
    r = _post(admin, "/admin/users", {"username": "ent-two", "role": "enterprise_user", "enterprise_id": "2",
                                      "password": "a-strong-password"})
    assert r.status_code == 303
    ent = login(settings, "ent-two", "a-strong-password")
    assert [x["id"] for x in ent.get("/api/v1/cases").json()["items"]] == [2]


@pytest.mark.parametrize("form, message", [
    ({"username": "short-pw", "role": "evaluator", "password": "short"}, "密码至少 10 个字符"),
    ({"username": "no-ent", "role": "enterprise_user", "password": "a-strong-password"}, "企业用户须关联企业"),
    ({"username": "admin", "role": "admin", "password": "a-strong-password"}, "用户名 admin 已存在"),
    ({"username": "bad-role", "role": "root", "password": "a-strong-password"}, "无效，可选: admin"),
    ({"username": "bad-ent", "role": "enterprise_user", "enterprise_id": "x", "password": "a-strong-password"}, "企业无效"),
    ({"username": "no-such-ent", "role": "enterprise_user", "enterprise_id": "999", "password": "a-strong-password"},
     "企业 999 不存在"),
    ({"username": "no-such-person", "role": "panel_member", "person_id": "999", "password": "a-strong-password"},
     "人员 999 不是本机构人员"),
    # beyond the id columns' range: refused as not existing, never sent to the database driver
    ({"username": "huge-ent", "role": "enterprise_user", "enterprise_id": "99999999999999999999",
      "password": "a-strong-password"}, "企业 99999999999999999999 不存在"),
    ({"username": "huge-person", "role": "panel_member", "person_id": "2147483648", "password": "a-strong-password"},
     "人员 2147483648 不是本机构人员"),
])
def test_invalid_accounts_are_refused_with_the_rule(settings, form, message):
    r = _post(login(settings, "admin"), "/admin/users", form)
    assert r.status_code == 422 and "账户未创建" in r.text and message in r.text


def test_admin_unlocks_a_locked_account(settings):
    anon = TestClient(create_app(settings))
    for _ in range(5):
        anon.post("/login", data={"username": "reviewer2", "password": "wrong-password-x",
                                  "csrf_token": csrf_of(anon.get("/login").text)})
    r = anon.post("/login", data={"username": "reviewer2", "password": PASSWORD, "csrf_token": csrf_of(anon.get("/login").text)})
    assert "已被锁定" in r.text
    admin = login(settings, "admin")
    assert "已锁定" in admin.get("/admin/users").text
    r = _post(admin, f"/admin/users/{_user_id(admin, 'reviewer2')}/unlock", {})
    assert r.status_code == 303 and r.headers["location"].endswith("ok=unlocked")
    login(settings, "reviewer2")   # asserts the 303 of a successful login


def test_admin_disables_an_account_and_ends_its_sessions(settings):
    victim = login(settings, "expert2")
    assert victim.get("/workspace").status_code == 200
    admin = login(settings, "admin")
    r = _post(admin, f"/admin/users/{_user_id(admin, 'expert2')}/disable", {})
    assert r.status_code == 303
    assert victim.get("/workspace").status_code == 303      # session gone: back to the login page
    assert _sessions_of(settings, "expert2") == 0
    c = TestClient(create_app(settings))
    r = c.post("/login", data={"username": "expert2", "password": PASSWORD, "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code != 303 and "用户名或密码错误" in r.text


def test_admin_cannot_disable_itself_and_unknown_users_are_404(settings):
    admin = login(settings, "admin")
    r = _post(admin, f"/admin/users/{_user_id(admin, 'lead') - 1}/disable", {})   # admin is the first account
    assert r.status_code == 409 and "不能停用自己的账户" in r.text
    assert _post(admin, "/admin/users/9999/unlock", {}).status_code == 404


def test_admin_forms_need_the_csrf_token(settings):
    admin = login(settings, "admin")
    r = admin.post("/admin/users", data={"username": "csrf-less", "role": "admin", "password": "a-strong-password",
                                         "csrf_token": "forged"})
    assert r.status_code == 403 and "csrf-less" not in admin.get("/admin/users").text


def test_accounts_must_name_an_existing_agency(settings):
    from pathlib import Path

    from ipcredit.auth.service import create_user
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.uow import UnitOfWork
    from ipcredit.domain_errors import RuleViolation

    engine = make_engine(settings.database_url)
    with UnitOfWork(session_factory(engine), Path(settings.data_dir)) as uow:
        with pytest.raises(RuleViolation, match="机构 999 不存在"):
            create_user(uow, "ghost", "a-strong-password", "evaluator", agency_id=999)
    engine.dispose()
