"""Consent and disclosure services on SQLite and PostgreSQL: details only under an active
consent, one log row per disclosure, refusal otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ipcredit.consent.disclosure import api_disclosure, verification_view
from ipcredit.consent.models import ApiClient, Consent, DisclosureLog
from ipcredit.consent.service import ConsentMissing, create_client, grant_consent, revoke_consent
from ipcredit.demo.service import ENTERPRISES, seed_demo
from ipcredit.issuance.service import find_report_by_verification_code

ON = dt.date(2026, 3, 16)


def _log_count(db) -> int:
    with db.uow() as uow:
        return uow.s.scalar(select(func.count()).select_from(DisclosureLog))


def test_disclosure_follows_consent_and_is_logged(db):
    with db.uow() as uow:
        summary = seed_demo(uow, ON)
    code = summary["report"]["verification_code"]
    with db.uow() as uow:
        consent = uow.s.scalars(select(Consent)).one()            # the demo's verification-page consent
        enterprise_id, consent_id = consent.enterprise_id, consent.id
        view = verification_view(uow, find_report_by_verification_code(uow, code), ON, "verify_page", "10.0.0.9")
    assert view["disclosed"] and view["enterprise"] == ENTERPRISES[2][0] and view["grade"] == summary["report"]["grade"]
    assert _log_count(db) == 1
    with db.uow() as uow:
        revoke_consent(uow, enterprise_id, consent_id, "企业")
    with db.uow() as uow:
        view = verification_view(uow, find_report_by_verification_code(uow, code), ON, "verify_page", "10.0.0.9")
    assert not view["disclosed"] and "enterprise" not in view and "grade" not in view and view["number"]
    assert _log_count(db) == 1

    with db.uow() as uow:
        client_id, _ = create_client(uow, "示范银行", "admin")
    with db.uow() as uow:
        client = uow.s.get(ApiClient, client_id)
    with db.uow() as uow, pytest.raises(ConsentMissing):
        api_disclosure(uow, client, ENTERPRISES[2][1], ON, "10.0.0.8")
    with db.uow() as uow:
        grant_consent(uow, enterprise_id, "api", client_id, ON + dt.timedelta(days=5), "企业", ON)
    with db.uow() as uow:
        body = api_disclosure(uow, client, ENTERPRISES[2][1], ON, "10.0.0.8")
    assert body["total"] and body["enterprise"] == ENTERPRISES[2][0]
    with db.uow() as uow, pytest.raises(ConsentMissing):               # expired after its last day
        api_disclosure(uow, client, ENTERPRISES[2][1], ON + dt.timedelta(days=6), "10.0.0.8")
    with db.uow() as uow:
        rows = list(uow.s.scalars(select(DisclosureLog).order_by(DisclosureLog.id)))
    assert [(r.channel, r.recipient, r.remote_addr) for r in rows] == [
        ("verify_page", "公众（验证页面）", "10.0.0.9"), ("api", "示范银行", "10.0.0.8")]
