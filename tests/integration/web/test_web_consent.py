"""Consent and disclosure (SPEC §5) through the web app: the verification page shows report
details only under an active consent of the enterprise, a bank's API client only under a
consent naming it; every disclosure is logged and shown in the enterprise's portal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_auth_support import csrf_of, fresh_demo_db, login

from ipcredit.web.app import create_app

ISSUED_NAME = "青禾创新设计有限公司"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def consent_db(tmp_path_factory):
    """A database of its own: these tests grant and revoke the demo enterprise's consents."""
    return fresh_demo_db(tmp_path_factory.mktemp("consentdb"))


def _enterprise_id(uow, name: str) -> int:
    from ipcredit.cases.models import Enterprise

    return uow.s.scalars(select(Enterprise.id).where(Enterprise.name == name)).one()


def _revoke_all(new_uow) -> None:
    from ipcredit.consent.models import Consent

    with new_uow() as uow:
        for c in uow.s.scalars(select(Consent).where(Consent.revoked_at.is_(None))):
            c.revoked_at = dt.datetime.now(dt.timezone.utc)
        uow.commit()


def _grant(new_uow, name: str, scope: str, client_id=None, on=TODAY, until=TODAY + dt.timedelta(days=30)) -> int:
    from ipcredit.consent.service import grant_consent

    with new_uow() as uow:
        return grant_consent(uow, _enterprise_id(uow, name), scope, client_id, until, "测试", on)


def _log_rows(new_uow) -> list:
    from ipcredit.consent.models import DisclosureLog

    with new_uow() as uow:
        return list(uow.s.scalars(select(DisclosureLog).order_by(DisclosureLog.id)))


def _code(summary) -> str:
    return summary["report"]["verification_code"]


def _client(new_uow, name: str) -> tuple[int, str]:
    from ipcredit.consent.service import create_client

    with new_uow() as uow:
        return create_client(uow, name, "admin")


def test_the_demo_report_is_consented_and_shows_details(consent_db):
    settings, summary, new_uow = consent_db
    before = len(_log_rows(new_uow))
    r = TestClient(create_app(settings)).get(f"/verify/{_code(summary)}")
    assert r.status_code == 200 and ISSUED_NAME in r.text and 'data-testid="grade"' in r.text
    assert summary["report"]["grade"] in r.text and "总分" in r.text
    assert len(_log_rows(new_uow)) == before + 1


def test_without_consent_only_authenticity_status_and_number(consent_db):
    settings, summary, new_uow = consent_db
    _revoke_all(new_uow)
    before = len(_log_rows(new_uow))
    r = TestClient(create_app(settings)).get(f"/verify/{_code(summary)}")
    assert r.status_code == 200
    assert summary["report"]["number"] in r.text and "有效" in r.text
    assert ISSUED_NAME not in r.text and 'data-testid="grade"' not in r.text and "总分" not in r.text
    assert 'data-testid="withheld"' in r.text
    assert len(_log_rows(new_uow)) == before          # nothing disclosed, nothing logged


def test_with_consent_details_and_one_log_row_per_disclosure(consent_db):
    settings, summary, new_uow = consent_db
    _revoke_all(new_uow)
    consent_id = _grant(new_uow, ISSUED_NAME, "verification_page")
    before = len(_log_rows(new_uow))
    c = TestClient(create_app(settings))
    for _ in range(3):
        r = c.get(f"/verify/{_code(summary)}")
        assert ISSUED_NAME in r.text and summary["report"]["grade"] in r.text
    rows = _log_rows(new_uow)[before:]
    assert len(rows) == 3
    assert {(x.consent_id, x.channel, x.recipient) for x in rows} == {(consent_id, "verify_page", "公众（验证页面）")}
    assert all("grade" in x.fields and "enterprise" in x.fields and x.remote_addr for x in rows)


def test_an_expired_or_revoked_consent_discloses_nothing(consent_db):
    settings, summary, new_uow = consent_db
    _revoke_all(new_uow)
    _grant(new_uow, ISSUED_NAME, "verification_page", on=TODAY - dt.timedelta(days=20),
           until=TODAY - dt.timedelta(days=1))
    c = TestClient(create_app(settings))
    assert ISSUED_NAME not in c.get(f"/verify/{_code(summary)}").text          # expired yesterday
    consent_id = _grant(new_uow, ISSUED_NAME, "verification_page")
    assert ISSUED_NAME in c.get(f"/verify/{_code(summary)}").text
    ent = login(settings, "enterprise3")
    page = ent.get("/portal")
    assert f'data-consent="{consent_id}"' in page.text
    r = ent.post(f"/portal/consents/{consent_id}/revoke", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303
    before = len(_log_rows(new_uow))
    assert ISSUED_NAME not in c.get(f"/verify/{_code(summary)}").text          # revoked in the portal
    assert len(_log_rows(new_uow)) == before


def test_the_enterprise_grants_in_its_portal_and_sees_the_log(consent_db):
    settings, summary, new_uow = consent_db
    _revoke_all(new_uow)
    ent = login(settings, "enterprise3")
    token = csrf_of(ent.get("/portal").text)
    until = (TODAY + dt.timedelta(days=10)).isoformat()
    r = ent.post("/portal/consents", data={"scope": "verification_page", "expires_on": until, "csrf_token": token})
    assert r.status_code == 303
    TestClient(create_app(settings)).get(f"/verify/{_code(summary)}")
    page = ent.get("/portal").text
    log = page[page.index('id="disclosures"'):]
    assert "验证页面（验证码）" in log and summary["report"]["number"] in log and "testclient" in log
    r = ent.post("/portal/consents", data={"scope": "verification_page", "expires_on": "not-a-date", "csrf_token": token})
    assert r.status_code == 422 and "YYYY-MM-DD" in r.text
    r = ent.post("/portal/consents", data={"scope": "api", "expires_on": until, "csrf_token": token})
    assert r.status_code == 409 and "须指定第三方" in r.text


def test_an_enterprise_cannot_revoke_another_enterprises_consent(consent_db):
    settings, summary, new_uow = consent_db
    consent_id = _grant(new_uow, ISSUED_NAME, "verification_page")
    other = login(settings, "enterprise1")
    r = other.post(f"/portal/consents/{consent_id}/revoke", data={"csrf_token": csrf_of(other.get("/portal").text)})
    assert r.status_code == 404
    assert ISSUED_NAME in TestClient(create_app(settings)).get(f"/verify/{_code(summary)}").text


def _api(settings, code: str, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(create_app(settings)).get(f"/api/v1/disclosures/{code}", headers=headers)


def test_a_bank_reads_details_only_under_a_consent_naming_it(consent_db):
    from ipcredit.demo.service import ENTERPRISES

    settings, summary, new_uow = consent_db
    _revoke_all(new_uow)
    bank_id, bank_token = _client(new_uow, "示范银行")
    other_id, other_token = _client(new_uow, "另一家银行")
    code = ENTERPRISES[2][1]
    r = _api(settings, code, bank_token)                                  # no consent at all
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    assert "未授权" in r.json()["detail"]
    _grant(new_uow, ENTERPRISES[0][0], "api", bank_id)                    # consent of another enterprise
    assert _api(settings, code, bank_token).status_code == 403
    _grant(new_uow, ISSUED_NAME, "verification_page")                     # another scope
    assert _api(settings, code, bank_token).status_code == 403
    consent_id = _grant(new_uow, ISSUED_NAME, "api", bank_id)
    assert _api(settings, code, other_token).status_code == 403           # consent names the other bank
    before = len(_log_rows(new_uow))
    r = _api(settings, code, bank_token)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["enterprise"] == ISSUED_NAME and body["grade"] == summary["report"]["grade"]
    assert body["number"] == summary["report"]["number"] and body["consent_id"] == consent_id
    rows = _log_rows(new_uow)[before:]
    assert [(x.channel, x.recipient, x.client_id, x.consent_id) for x in rows] == [("api", "示范银行", bank_id, consent_id)]
    assert _api(settings, code, None).status_code == 401
    assert _api(settings, code, "ipc_forged").status_code == 401
    assert _api(settings, "91110108MA01Q2R3T0", bank_token).status_code == 403   # unknown: not revealed
    assert _api(settings, "nonsense", bank_token).status_code == 422


def test_a_disabled_client_token_stops_working(consent_db):
    from ipcredit.consent.service import set_client_active
    from ipcredit.demo.service import ENTERPRISES

    settings, summary, new_uow = consent_db
    client_id, token = _client(new_uow, "停用测试银行")
    _grant(new_uow, ISSUED_NAME, "api", client_id)
    assert _api(settings, ENTERPRISES[2][1], token).status_code == 200
    with new_uow() as uow:
        set_client_active(uow, client_id, False)
    assert _api(settings, ENTERPRISES[2][1], token).status_code == 401


def test_tokens_are_stored_hashed(consent_db):
    from ipcredit.consent.models import ApiClient

    _, _, new_uow = consent_db
    _, token = _client(new_uow, "散列测试银行")
    with new_uow() as uow:
        stored = [c.token_sha256 for c in uow.s.scalars(select(ApiClient))]
    assert token not in stored and all(re.fullmatch(r"[0-9a-f]{64}", s) for s in stored)


def test_user_demo_adds_the_demo_consent_once_to_older_demo_data(tmp_path):
    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.consent.models import Consent

    settings, summary, new_uow = fresh_demo_db(tmp_path)
    with new_uow() as uow:                     # demo data from before consents existed
        for c in list(uow.s.scalars(select(Consent))):
            uow.s.delete(c)
        uow.commit()
    assert ISSUED_NAME not in TestClient(create_app(settings)).get(f"/verify/{_code(summary)}").text
    with new_uow() as uow:
        seed_demo_logins(uow, TODAY)           # ipcredit user demo
    assert ISSUED_NAME in TestClient(create_app(settings)).get(f"/verify/{_code(summary)}").text
    _revoke_all(new_uow)
    with new_uow() as uow:
        seed_demo_logins(uow, TODAY)           # a revoked consent is not given again
        assert len(list(uow.s.scalars(select(Consent)))) == 1
    assert ISSUED_NAME not in TestClient(create_app(settings)).get(f"/verify/{_code(summary)}").text


@pytest.mark.slow   # renders the report PDF once
def test_pdf_upload_verification_follows_the_same_consent(consent_db):
    settings, summary, new_uow = consent_db
    pdf = login(settings, "enterprise3").get(f"/cases/{summary['cases']['issued']}/report.pdf").content
    public = TestClient(create_app(settings))
    token = csrf_of(public.get("/verify").text)

    def upload():
        r = public.post("/verify/upload", files={"report_file": ("r.pdf", pdf, "application/pdf")},
                        headers={"X-CSRF-Token": token})
        assert r.status_code == 200 and re.search(r'data-testid="verdict">有效', r.text)
        return r.text

    _revoke_all(new_uow)
    before = len(_log_rows(new_uow))
    page = upload()
    assert ISSUED_NAME not in page and summary["report"]["number"] in page and 'data-testid="withheld"' in page
    assert len(_log_rows(new_uow)) == before
    _grant(new_uow, ISSUED_NAME, "verification_page")
    page = upload()
    assert ISSUED_NAME in page and summary["report"]["grade"] in page
    assert [x.channel for x in _log_rows(new_uow)[before:]] == ["verify_upload"]
