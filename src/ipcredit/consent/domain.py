"""Consent rules — pure, no database.

A consent is given by the enterprise for one *scope*:

- ``verification_page``: the public verification page (``/verify/<code>`` and the PDF upload)
  may show the report details (enterprise name and credit code, grade, total score, validity);
- ``api``: one named API client (a bank) may read the report details through
  ``GET /api/v1/disclosures/{credit_code}``.

It is active from the day it was given up to and including its expiry date, unless revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

SCOPES = ("verification_page", "api")
SCOPE_LABELS = {"verification_page": "公开验证页面显示报告详情", "api": "指定第三方通过接口查询报告详情"}
CHANNEL_LABELS = {"verify_page": "验证页面（验证码）", "verify_upload": "验证页面（上传 PDF）", "api": "接口查询"}
# What the verification page shows only under consent (authenticity, status and number stay visible).
DETAIL_FIELDS = ("enterprise", "credit_code", "grade", "total", "issued_on", "valid_until")
MAX_CONSENT_DAYS = 3 * 366
TOKEN_PREFIX = "ipc_"


@dataclass(frozen=True)
class ConsentTerms:
    scope: str
    client_id: int | None
    granted_on: dt.date
    expires_on: dt.date
    revoked: bool = False


def terms_problem(terms: ConsentTerms) -> str | None:
    """Why these terms cannot be recorded (Chinese with English), or None."""
    if terms.scope not in SCOPES:
        return f"授权范围 {terms.scope!r} 无效，可选: {', '.join(SCOPES)} (unknown scope)"
    if terms.scope == "api" and terms.client_id is None:
        return "接口授权须指定第三方 (an API consent names its client)"
    if terms.scope == "verification_page" and terms.client_id is not None:
        return "验证页面授权不指定第三方 (a verification-page consent names no client)"
    if terms.expires_on < terms.granted_on:
        return f"授权截止日 {terms.expires_on} 早于授权日 {terms.granted_on} (expiry before grant)"
    if (terms.expires_on - terms.granted_on).days > MAX_CONSENT_DAYS:
        return "授权期限不得超过 3 年 (a consent lasts at most 3 years)"
    return None


def is_active(terms: ConsentTerms, on: dt.date) -> bool:
    return not terms.revoked and terms.granted_on <= on <= terms.expires_on


def covers(terms: ConsentTerms, scope: str, client_id: int | None, on: dt.date) -> bool:
    """Does this consent allow a disclosure in ``scope`` (to ``client_id`` for the API) today?"""
    if terms.scope != scope or not is_active(terms, on):
        return False
    return scope != "api" or terms.client_id == client_id


def token_digest(token: str) -> str:
    """API tokens are stored as their SHA-256 only."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    kind, _, value = header.partition(" ")
    value = value.strip()
    if kind.lower() != "bearer" or not value.startswith(TOKEN_PREFIX) or len(value) > 200:
        return None
    return value
