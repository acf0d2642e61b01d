"""Roles, permissions and lockout rules (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from ipcredit.auth import domain
from ipcredit.web.case_actions import ACTIONS

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


def test_four_failures_count_the_fifth_locks_for_fifteen_minutes():
    state = domain.LoginState(0, None)
    for n in range(1, 5):
        state = domain.after_failure(state, T0)
        assert state.failed_logins == n and not domain.is_locked(state, T0)
    state = domain.after_failure(state, T0)
    assert domain.is_locked(state, T0)
    assert domain.is_locked(state, T0 + dt.timedelta(minutes=14, seconds=59))
    assert not domain.is_locked(state, T0 + dt.timedelta(minutes=15))


def test_enterprise_users_hold_no_agency_permission():
    agency_only = ["workspace.view", "case.manage", "case.collect", "panel.vote", "supervision.view", "users.manage"]
    assert not any(domain.allowed("enterprise_user", p) for p in agency_only)
    assert domain.allowed("enterprise_user", "portal.use") and domain.allowed("enterprise_user", "case.view")


def test_who_may_do_what():
    assert domain.allowed("project_lead", "case.manage") and not domain.allowed("evaluator", "case.manage")
    assert domain.allowed("evaluator", "case.collect") and not domain.allowed("panel_member", "case.collect")
    assert domain.allowed("panel_member", "panel.vote") and not domain.allowed("supervisor", "panel.vote")
    assert domain.allowed("admin", "users.manage") and not domain.allowed("project_lead", "users.manage")
    with pytest.raises(KeyError):
        domain.allowed("admin", "no.such.permission")


def test_every_case_action_names_a_known_permission_and_real_states():
    from ipcredit.cases.domain import STATES

    for action in ACTIONS:
        assert action.permission in domain.PERMISSIONS, action.name
        assert set(action.states) <= set(STATES), action.name


def test_password_length():
    assert domain.password_problem("short") and domain.password_problem("x" * 10) is None
