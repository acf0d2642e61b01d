"""Consents, API clients and the disclosure log (services take a unit of work; one commit)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import select

from ipcredit.consent import domain
from ipcredit.consent.models import ApiClient, Consent, DisclosureLog
from ipcredit.db.base import utcnow
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import NotFound, RuleViolation


class ConsentMissing(RuleViolation):
    """No active consent covers this disclosure (the web answers 403)."""


def _terms(c: Consent) -> domain.ConsentTerms:
    return domain.ConsentTerms(c.scope, c.client_id, c.granted_on, c.expires_on, c.revoked_at is not None)


# --- API clients -----------------------------------------------------------------------------

def create_client(uow: UnitOfWork, name: str, actor: str) -> tuple[int, str]:
    """A new API client; returns (id, token). The token is shown once, only its SHA-256 is kept."""
    name = name.strip()
    if not name or len(name) > 200:
        raise RuleViolation("第三方名称不能为空且不超过 200 字 (client name required, ≤ 200 characters)")
    if uow.s.scalars(select(ApiClient.id).where(ApiClient.name == name)).first() is not None:
        raise RuleViolation(f"第三方 {name} 已存在 (client name taken)")
    token = domain.TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(name=name, token_sha256=domain.token_digest(token), created_by=actor)
    uow.s.add(client)
    uow.s.flush()
    uow.commit()
    return client.id, token


def set_client_active(uow: UnitOfWork, client_id: int, active: bool) -> None:
    client = uow.s.get(ApiClient, client_id)
    if client is None:
        raise NotFound(f"第三方 {client_id} 不存在 (no such client)")
    client.active = active
    uow.commit()


def client_by_token(uow: UnitOfWork, token: str) -> ApiClient | None:
    client = uow.s.scalars(select(ApiClient).where(ApiClient.token_sha256 == domain.token_digest(token))).first()
    return client if client is not None and client.active else None


def list_clients(uow: UnitOfWork, active_only: bool = False) -> list[dict[str, Any]]:
    query = select(ApiClient).order_by(ApiClient.id)
    if active_only:
        query = query.where(ApiClient.active.is_(True))
    return [{"id": c.id, "name": c.name, "active": c.active, "created_by": c.created_by}
            for c in uow.s.scalars(query)]


# --- consents --------------------------------------------------------------------------------

def grant_consent(uow: UnitOfWork, enterprise_id: int, scope: str, client_id: int | None, expires_on: dt.date,
                  actor: str, on: dt.date) -> int:
    problem = domain.terms_problem(domain.ConsentTerms(scope, client_id, on, expires_on))
    if problem:
        raise RuleViolation(problem, "SPEC §5")
    if client_id is not None:
        client = uow.s.get(ApiClient, client_id)
        if client is None or not client.active:
            raise NotFound(f"第三方 {client_id} 不存在或已停用 (no such client)")
    row = Consent(enterprise_id=enterprise_id, scope=scope, client_id=client_id, granted_by=actor,
                  granted_on=on, expires_on=expires_on)
    uow.s.add(row)
    uow.s.flush()
    uow.commit()
    return row.id


def revoke_consent(uow: UnitOfWork, enterprise_id: int, consent_id: int, actor: str) -> None:
    """Revoke one of this enterprise's consents (another enterprise's is 'not found')."""
    row = uow.s.get(Consent, consent_id)
    if row is None or row.enterprise_id != enterprise_id:
        raise NotFound(f"授权 {consent_id} 不存在 (no such consent)")
    if row.revoked_at is not None:
        raise RuleViolation(f"授权 {consent_id} 已撤回 (already revoked)")
    row.revoked_at, row.revoked_by = utcnow(), actor
    uow.commit()


def active_consent(uow: UnitOfWork, enterprise_id: int, scope: str, client_id: int | None,
                   on: dt.date) -> Consent | None:
    rows = uow.s.scalars(select(Consent).where(Consent.enterprise_id == enterprise_id, Consent.scope == scope)
                         .order_by(Consent.expires_on.desc()))
    return next((c for c in rows if domain.covers(_terms(c), scope, client_id, on)), None)


def consents_of(uow: UnitOfWork, enterprise_id: int, on: dt.date) -> list[dict[str, Any]]:
    clients = {c["id"]: c["name"] for c in list_clients(uow)}
    out = []
    for c in uow.s.scalars(select(Consent).where(Consent.enterprise_id == enterprise_id).order_by(Consent.id.desc())):
        terms = _terms(c)
        state = "revoked" if terms.revoked else ("active" if domain.is_active(terms, on) else "expired")
        out.append({"id": c.id, "scope": c.scope, "scope_label": domain.SCOPE_LABELS[c.scope],
                    "client": clients.get(c.client_id, "") if c.client_id else "", "granted_by": c.granted_by,
                    "granted_on": c.granted_on, "expires_on": c.expires_on, "state": state,
                    "revoked_at": c.revoked_at})
    return out


# --- disclosure log --------------------------------------------------------------------------

def log_disclosure(uow: UnitOfWork, consent: Consent, report_id: int | None, channel: str, recipient: str,
                   fields: list[str], remote_addr: str | None, client_id: int | None = None) -> None:
    """Record one disclosure and commit it: a disclosure that cannot be logged does not happen."""
    uow.s.add(DisclosureLog(enterprise_id=consent.enterprise_id, report_id=report_id, consent_id=consent.id,
                            channel=channel, recipient=recipient[:200], client_id=client_id,
                            fields=",".join(fields), remote_addr=(remote_addr or "")[:64] or None))
    uow.commit()


def disclosure_log(uow: UnitOfWork, enterprise_id: int, limit: int = 200) -> list[dict[str, Any]]:
    from ipcredit.issuance.models import IssuedReport

    numbers = {r.id: r.number for r in uow.s.scalars(
        select(IssuedReport).join(DisclosureLog, DisclosureLog.report_id == IssuedReport.id)
        .where(DisclosureLog.enterprise_id == enterprise_id))}
    rows = uow.s.scalars(select(DisclosureLog).where(DisclosureLog.enterprise_id == enterprise_id)
                         .order_by(DisclosureLog.id.desc()).limit(limit))
    return [{"id": r.id, "at": r.at, "channel": domain.CHANNEL_LABELS.get(r.channel, r.channel),
             "recipient": r.recipient, "report": numbers.get(r.report_id, ""), "consent_id": r.consent_id,
             "fields": r.fields, "remote_addr": r.remote_addr or ""} for r in rows]
