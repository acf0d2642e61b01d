from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow
from ipcredit.security.fields import sealed_text


class UserAccount(Base):
    """A login: its role and, for an enterprise user, the one enterprise it may see."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('admin','project_lead','evaluator','panel_member','enterprise_user','supervisor')",
                        name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(sealed_text(100), info={"encrypted": True})
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(30))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class UserSession(Base):
    """A login session; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "user_session"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()
