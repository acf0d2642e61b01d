"""The enterprise's consents in its portal: give one (verification page, or a named bank's API
access) with an expiry date, revoke it at any time; the portal also lists every disclosure."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ipcredit.auth.service import CurrentUser
from ipcredit.domain_errors import RuleViolation
from ipcredit.web.security import CSRF, require, uow
from ipcredit.web.params import IdPath


def consent_data(u, user: CurrentUser) -> dict:
    """What the portal shows about consents and disclosures (read only)."""
    from ipcredit.consent.domain import SCOPE_LABELS
    from ipcredit.consent.service import consents_of, disclosure_log, list_clients

    return {"consents": consents_of(u, user.enterprise_id, dt.date.today()),
            "disclosures": disclosure_log(u, user.enterprise_id),
            "clients": list_clients(u, active_only=True), "scope_labels": SCOPE_LABELS}


def build_router(show_portal) -> APIRouter:
    """``show_portal(request, user, flash, kind, status)`` renders the portal page."""
    router = APIRouter(include_in_schema=False)

    @router.post("/portal/consents", dependencies=[CSRF])
    def grant(request: Request, scope: str = Form(...), expires_on: str = Form(...), client_id: str = Form(""),
              user: CurrentUser = Depends(require("portal.use"))) -> Response:
        from ipcredit.consent.service import grant_consent

        try:
            until = _date(expires_on)
            client = int(client_id) if scope == "api" and client_id.strip() else None
            with uow(request) as u:
                grant_consent(u, user.enterprise_id, scope, client, until, user.display_name, dt.date.today())
        except (RuleViolation, ValueError) as exc:
            return show_portal(request, user, f"授权未保存：{exc}", "error", 409 if isinstance(exc, RuleViolation) else 422)
        return RedirectResponse("/portal?consent=granted", status_code=303)

    @router.post("/portal/consents/{consent_id}/revoke", dependencies=[CSRF])
    def revoke(request: Request, consent_id: IdPath, user: CurrentUser = Depends(require("portal.use"))) -> Response:
        from ipcredit.consent.service import revoke_consent

        with uow(request) as u:
            revoke_consent(u, user.enterprise_id, consent_id, user.display_name)
        return RedirectResponse("/portal?consent=revoked", status_code=303)

    return router


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"截止日期应为 YYYY-MM-DD，得到 {text[:20]!r} (invalid date)") from None
