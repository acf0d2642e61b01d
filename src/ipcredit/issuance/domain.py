"""Report numbering, validity and verification codes — pure."""

from __future__ import annotations

import datetime as dt
import secrets

from ipcredit.cases.domain import valid_until  # noqa: F401  (re-exported: validity rule)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed safely
STATUSES = ("valid", "revoked", "cancelled")


def format_report_number(agency_code: str, year: int, seq: int) -> str:
    """Report number unique per agency and year: ``<AGENCY>-<YEAR>-<0001>``."""
    return f"{agency_code}-{year}-{seq:04d}"


def new_verification_code() -> str:
    """A public verification code: 12 random characters (60 bits), ``XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else code.strip().upper()


def public_status(status: str, until: dt.date, today: dt.date) -> str:
    """valid / expired / revoked / cancelled as a report user sees it."""
    if status != "valid":
        return status
    return "valid" if today <= until else "expired"


STATUS_LABELS = {"valid": "有效", "expired": "已过期", "revoked": "已撤销", "cancelled": "已取消（作废）"}
