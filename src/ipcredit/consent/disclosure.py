"""What a third party may see of an issued report, decided by the enterprise's consent.

`verification_view` (the public verification page, by code or by uploaded PDF): the report
number, the agency, authenticity and the status (valid / expired / revoked / cancelled) are
always shown; the details (enterprise, credit code, grade, total score, issue date and
validity) only under an active ``verification_page`` consent, and each such showing is logged.
`api_disclosure` (a bank's API client): the details only under an active ``api`` consent
naming that client; otherwise `ConsentMissing`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from ipcredit.consent import domain
from ipcredit.consent.service import ConsentMissing, active_consent, log_disclosure
from ipcredit.db.uow import UnitOfWork

NO_CONSENT_NOTE = "受评企业未授权公开报告详情：仅显示报告真伪、编号与有效状态 (details withheld without the enterprise's consent)"


def _details(uow: UnitOfWork, report, today: dt.date) -> dict[str, Any]:
    from ipcredit.archive.domain import disclosure_allowed
    from ipcredit.cases.models import Case

    case = uow.s.get(Case, report.case_id)
    details = {"enterprise": case.enterprise.name, "credit_code": case.enterprise.credit_code,
               "issued_on": report.issued_on.isoformat(), "valid_until": report.valid_until.isoformat(),
               "grade": None, "total": None}
    if disclosure_allowed(report.issued_on, today):
        details["grade"], details["total"] = report.grade, str(report.total)
    else:
        details["note"] = "信用信息已超过 5 年使用和披露期限，不再披露等级 (beyond the 5-year disclosure limit)"
    return details


def _public_core(uow: UnitOfWork, report, today: dt.date) -> dict[str, Any]:
    from ipcredit.agencies.repository import get_agency
    from ipcredit.issuance.domain import STATUS_LABELS, public_status

    status = public_status(report.status, report.valid_until, today)
    return {"number": report.number, "status": status, "status_label": STATUS_LABELS[status],
            "agency": get_agency(uow.s, report.agency_id).name, "status_reason": report.status_reason}


def verification_view(uow: UnitOfWork, report, today: dt.date, channel: str, remote: str | None) -> dict[str, Any]:
    """The verification page's view of an issued report; details only under consent (logged)."""
    from ipcredit.cases.models import Case

    view = _public_core(uow, report, today)
    enterprise_id = uow.s.get(Case, report.case_id).enterprise_id
    consent = active_consent(uow, enterprise_id, "verification_page", None, today)
    if consent is None:
        view.update(disclosed=False, note=NO_CONSENT_NOTE)
        return view
    details = _details(uow, report, today)
    view.update(details, disclosed=True, consent_expires_on=consent.expires_on.isoformat())
    log_disclosure(uow, consent, report.id, channel, "公众（验证页面）", _shown(details), remote)
    return view


def _shown(details: dict[str, Any]) -> list[str]:
    return [k for k in domain.DETAIL_FIELDS if details.get(k) is not None]


def latest_report_of_enterprise(uow: UnitOfWork, enterprise_id: int):
    from ipcredit.cases.models import Case
    from ipcredit.issuance.models import IssuedReport

    return uow.s.scalars(select(IssuedReport).join(Case, Case.id == IssuedReport.case_id)
                         .where(Case.enterprise_id == enterprise_id).order_by(IssuedReport.id.desc())).first()


def api_disclosure(uow: UnitOfWork, client, credit_code: str, today: dt.date, remote: str | None) -> dict[str, Any]:
    """The latest report of the enterprise with this credit code, for an API client it consented to."""
    from ipcredit.cases.models import Enterprise
    from ipcredit.domain_errors import NotFound

    refusal = (f"企业 {credit_code} 未授权向 {client.name} 披露报告详情，或授权已过期、已撤回 "
               "(no active consent of this enterprise for this client)")
    enterprise = uow.s.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code.upper())).first()
    # An unknown enterprise is refused like one that did not consent: existence is not revealed.
    consent = active_consent(uow, enterprise.id, "api", client.id, today) if enterprise else None
    if consent is None:
        raise ConsentMissing(refusal, "SPEC §5")
    report = latest_report_of_enterprise(uow, enterprise.id)
    if report is None:
        raise NotFound(f"企业 {credit_code} 尚无已出具的报告 (no issued report)")
    view = {**_public_core(uow, report, today), **_details(uow, report, today),
            "consent_id": consent.id, "consent_expires_on": consent.expires_on.isoformat()}
    log_disclosure(uow, consent, report.id, "api", client.name, _shown(view), remote, client.id)
    return view
