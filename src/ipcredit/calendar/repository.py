from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcredit.calendar.domain import HolidayTable
from ipcredit.calendar.models import HolidayDay, HolidayYear


def load_table(session: Session) -> HolidayTable:
    years = frozenset(session.scalars(select(HolidayYear.year)))
    days = session.scalars(select(HolidayDay)).all()
    return HolidayTable(
        years=years,
        off=frozenset(d.day for d in days if d.kind == "off"),
        work=frozenset(d.day for d in days if d.kind == "work"),
    )
