"""Consent rules (pure): scope, client, validity window, revocation, bearer tokens."""

from __future__ import annotations

import datetime as dt

from ipcredit.consent.domain import ConsentTerms, bearer_token, covers, is_active, terms_problem, token_digest

D = dt.date(2026, 3, 1)


def test_a_consent_is_active_from_grant_to_expiry_inclusive_unless_revoked():
    t = ConsentTerms("verification_page", None, D, D + dt.timedelta(days=30))
    assert is_active(t, D) and is_active(t, D + dt.timedelta(days=30))
    assert not is_active(t, D - dt.timedelta(days=1)) and not is_active(t, D + dt.timedelta(days=31))
    assert not is_active(ConsentTerms("verification_page", None, D, D + dt.timedelta(days=30), revoked=True), D)


def test_an_api_consent_covers_only_its_client_and_scope():
    t = ConsentTerms("api", 7, D, D + dt.timedelta(days=10))
    assert covers(t, "api", 7, D)
    assert not covers(t, "api", 8, D)
    assert not covers(t, "verification_page", None, D)
    page = ConsentTerms("verification_page", None, D, D + dt.timedelta(days=10))
    assert covers(page, "verification_page", None, D) and not covers(page, "api", 7, D)


def test_bad_terms_are_named():
    assert "scope" in terms_problem(ConsentTerms("everything", None, D, D))
    assert "client" in terms_problem(ConsentTerms("api", None, D, D))
    assert "no client" in terms_problem(ConsentTerms("verification_page", 3, D, D))
    assert "expiry before grant" in terms_problem(ConsentTerms("verification_page", None, D, D - dt.timedelta(days=1)))
    assert "3 years" in terms_problem(ConsentTerms("verification_page", None, D, D.replace(year=2030)))
    assert terms_problem(ConsentTerms("api", 1, D, D.replace(year=2027))) is None


def test_bearer_tokens():
    assert bearer_token("Bearer ipc_abc") == "ipc_abc"
    assert bearer_token("bearer ipc_abc ") == "ipc_abc"
    assert bearer_token("Basic ipc_abc") is None and bearer_token("Bearer other") is None
    assert bearer_token(None) is None and bearer_token("Bearer ipc_" + "x" * 300) is None
    assert token_digest("ipc_abc") != "ipc_abc" and len(token_digest("ipc_abc")) == 64
