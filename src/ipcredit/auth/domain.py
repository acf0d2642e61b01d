"""Roles and permissions (SPEC §5), lockout — pure rules, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROLES = ("admin", "project_lead", "evaluator", "panel_member", "enterprise_user", "supervisor")
ROLE_LABELS = {
    "admin": "系统管理员", "project_lead": "项目负责人", "evaluator": "评价人员",
    "panel_member": "评审委员", "enterprise_user": "企业用户", "supervisor": "监督人员",
}
AGENCY_ROLES = frozenset({"admin", "project_lead", "evaluator", "panel_member", "supervisor"})

# permission → roles that hold it. Every page and API route names one permission (or is public).
PERMISSIONS: dict[str, frozenset[str]] = {
    "workspace.view": AGENCY_ROLES,                                   # dashboard, case list
    "case.view": AGENCY_ROLES | {"enterprise_user"},                  # enterprise: own cases only
    "case.manage": frozenset({"admin", "project_lead"}),              # contract, team, panel, issue
    "case.collect": frozenset({"admin", "project_lead", "evaluator"}),  # facts, verification, draft
    "panel.vote": frozenset({"panel_member", "project_lead"}),
    "supervision.view": frozenset({"admin", "supervisor"}),        # sampling runs, proposals
    "supervision.manage": frozenset({"admin", "supervisor"}),      # start sampling, import records, decide
    "batch.screen": frozenset({"admin", "project_lead", "evaluator", "supervisor"}),  # batch screening upload
    "portal.use": frozenset({"enterprise_user"}),                     # apply, follow own cases
    "users.manage": frozenset({"admin"}),
}

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10


def allowed(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return role in PERMISSIONS[permission]


@dataclass(frozen=True)
class LoginState:
    failed_logins: int
    locked_until: dt.datetime | None


def is_locked(state: LoginState, now: dt.datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LoginState, now: dt.datetime) -> LoginState:
    """One more failed password; the 5th in a row locks the account for 15 minutes."""
    failures = state.failed_logins + 1
    if failures >= MAX_FAILED_LOGINS:
        return LoginState(0, now + LOCKOUT)
    return LoginState(failures, state.locked_until)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 (password too short)"
    return None
