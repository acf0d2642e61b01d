from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow


class KeyCheck(Base):
    """A known value sealed with each data key in use: proves at start-up that the keyring
    holds the very keys the database was encrypted with (the keys themselves are never here)."""

    __tablename__ = "key_check"
    key_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
