"""Admin-maintained holiday table for years ``chinese_calendar`` does not know."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow


class HolidayYear(Base):
    """A year whose holidays and make-up days were loaded completely."""

    __tablename__ = "holiday_year"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HolidayDay(Base):
    __tablename__ = "holiday_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(4))  # off | work
    name: Mapped[str] = mapped_column(String(100), default="")
