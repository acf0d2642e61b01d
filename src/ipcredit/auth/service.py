"""Accounts and sessions: create users, log in (argon2, lockout), sessions by token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from ipcredit.auth import domain
from ipcredit.auth.models import UserAccount, UserSession
from ipcredit.db.base import MAX_ID
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation

_HASHER = PasswordHasher()
# Verified against when the user does not exist, so that timing does not reveal usernames.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    agency_id: int | None
    person_id: int | None
    enterprise_id: int | None
    csrf_token: str

    @property
    def role_label(self) -> str:
        return domain.ROLE_LABELS[self.role]

    def can(self, permission: str) -> bool:
        return domain.allowed(self.role, permission)


class LoginFailed(RuleViolation):
    """Wrong username or password, or a locked account (the message says which applies)."""


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC.
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def create_user(uow: UnitOfWork, username: str, password: str, role: str, display_name: str | None = None,
                agency_id: int | None = None, person_id: int | None = None, enterprise_id: int | None = None) -> int:
    username = username.strip()
    if not username:
        raise RuleViolation("用户名不能为空 (username required)")
    if role not in domain.ROLES:
        raise RuleViolation(f"角色 {role!r} 无效，可选: {', '.join(domain.ROLES)} (unknown role)")
    if (problem := domain.password_problem(password)):
        raise RuleViolation(problem)
    if role == "enterprise_user" and enterprise_id is None:
        raise RuleViolation("企业用户须关联企业 (an enterprise user needs its enterprise)")
    if role != "enterprise_user" and agency_id is None:
        raise RuleViolation("机构用户须关联机构 (an agency user needs its agency)")
    if uow.s.scalars(select(UserAccount.id).where(UserAccount.username == username)).first() is not None:
        raise RuleViolation(f"用户名 {username} 已存在 (username taken)")
    _check_links(uow, agency_id, person_id, enterprise_id)
    user = UserAccount(username=username, display_name=display_name or username, role=role,
                       password_hash=_HASHER.hash(password), agency_id=agency_id, person_id=person_id,
                       enterprise_id=enterprise_id)
    uow.s.add(user)
    uow.s.flush()
    uow.commit()
    return user.id


def _check_links(uow: UnitOfWork, agency_id: int | None, person_id: int | None, enterprise_id: int | None) -> None:
    """The agency, person (of that agency) and enterprise an account names must exist."""
    from ipcredit.agencies.models import Agency, Person
    from ipcredit.cases.models import Enterprise

    def get(model, id_: int):  # an id beyond the id columns' range cannot exist (nor reach the driver)
        return uow.s.get(model, id_) if 1 <= id_ <= MAX_ID else None

    if agency_id is not None and get(Agency, agency_id) is None:
        raise RuleViolation(f"机构 {agency_id} 不存在 (no such agency)")
    if person_id is not None:
        person = get(Person, person_id)
        if person is None or person.agency_id != agency_id:
            raise RuleViolation(f"人员 {person_id} 不是本机构人员 (no such person in the agency)")
    if enterprise_id is not None and get(Enterprise, enterprise_id) is None:
        raise RuleViolation(f"企业 {enterprise_id} 不存在 (no such enterprise)")


def _check_password(user: UserAccount | None, password: str) -> bool:
    try:
        return _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def log_in(uow: UnitOfWork, username: str, password: str, now: dt.datetime | None = None) -> str:
    """A new session token for a correct password; counts failures and locks (§5 access)."""
    now = now or now_utc()
    user = uow.s.scalars(select(UserAccount).where(UserAccount.username == username.strip())).first()
    if user is not None and domain.is_locked(domain.LoginState(user.failed_logins, _aware(user.locked_until)), now):
        raise LoginFailed("账户因多次登录失败已被锁定，请 15 分钟后再试 (account locked after repeated failures)")
    if not _check_password(user, password) or not user.active:
        if user is not None:
            state = domain.after_failure(domain.LoginState(user.failed_logins, _aware(user.locked_until)), now)
            user.failed_logins, user.locked_until = state.failed_logins, state.locked_until
            uow.commit()
        raise LoginFailed("用户名或密码错误 (wrong username or password)")
    user.failed_logins, user.locked_until = 0, None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    token = secrets.token_urlsafe(32)
    uow.s.add(UserSession(token_sha256=_digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                          expires_at=now + domain.SESSION_LIFETIME))
    uow.commit()
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_user(uow: UnitOfWork, token: str, now: dt.datetime | None = None) -> CurrentUser | None:
    """The user of a live session, or None (unknown, expired or deactivated)."""
    now = now or now_utc()
    row = uow.s.get(UserSession, _digest(token))
    if row is None or _aware(row.expires_at) <= now:
        return None
    user = uow.s.get(UserAccount, row.user_id)
    if user is None or not user.active:
        return None
    return CurrentUser(user.id, user.username, user.display_name, user.role, user.agency_id, user.person_id,
                       user.enterprise_id, row.csrf_token)


def log_out(uow: UnitOfWork, token: str) -> None:
    uow.s.execute(delete(UserSession).where(UserSession.token_sha256 == _digest(token)))
    uow.commit()


def list_users(uow: UnitOfWork, now: dt.datetime | None = None) -> list[dict]:
    """Every account with its role, scope and lock state (the admin page)."""
    now = now or now_utc()
    out = []
    for u in uow.s.scalars(select(UserAccount).order_by(UserAccount.id)):
        locked = domain.is_locked(domain.LoginState(u.failed_logins, _aware(u.locked_until)), now)
        out.append({"id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
                    "role_label": domain.ROLE_LABELS[u.role], "agency_id": u.agency_id, "person_id": u.person_id,
                    "enterprise_id": u.enterprise_id, "active": u.active, "locked": locked,
                    "failed_logins": u.failed_logins})
    return out


def _account(uow: UnitOfWork, user_id: int) -> UserAccount:
    user = uow.s.get(UserAccount, user_id)
    if user is None:
        raise RuleViolation(f"用户 {user_id} 不存在 (no such user)")
    return user


def unlock_user(uow: UnitOfWork, user_id: int) -> None:
    """Lift a lockout and reset the failure count."""
    user = _account(uow, user_id)
    user.failed_logins, user.locked_until = 0, None
    uow.commit()


def disable_user(uow: UnitOfWork, user_id: int, by_user_id: int) -> None:
    """Deactivate an account and end its sessions; an admin cannot disable their own account."""
    user = _account(uow, user_id)
    if user.id == by_user_id:
        raise RuleViolation("不能停用自己的账户 (you cannot disable your own account)")
    user.active = False
    uow.s.execute(delete(UserSession).where(UserSession.user_id == user.id))
    uow.commit()
