from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow
from ipcredit.security.fields import sealed_text


class Objection(Base):
    __tablename__ = "objection"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("issued_report.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # information | result
    filed_on: Mapped[dt.date] = mapped_column(Date)
    filed_by: Mapped[str] = mapped_column(sealed_text(100), info={"encrypted": True})
    fact_path: Mapped[str | None] = mapped_column(String(200))
    claim: Mapped[str] = mapped_column(Text, info={"encrypted": True})
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | concluded
    outcome: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[str | None] = mapped_column(Text)
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    scoring_id: Mapped[int | None] = mapped_column(ForeignKey("scoring.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
