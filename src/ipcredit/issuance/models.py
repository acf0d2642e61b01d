from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow


class ReportCounter(Base):
    """Last report sequence number per agency and year (row-locked while issuing)."""

    __tablename__ = "report_counter"
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class IssuedReport(Base):
    __tablename__ = "issued_report"
    __table_args__ = (UniqueConstraint("agency_id", "year", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column()
    seq: Mapped[int] = mapped_column()
    number: Mapped[str] = mapped_column(String(40), unique=True)
    verification_code: Mapped[str] = mapped_column(String(20), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    grade: Mapped[str] = mapped_column(String(10))
    total: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    scoring_id: Mapped[int] = mapped_column(ForeignKey("scoring.id"))
    status: Mapped[str] = mapped_column(String(20), default="valid")
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # after the one re-evaluation
    file_sha256: Mapped[str | None] = mapped_column(String(64))           # the report PDF handed out
    certificate_sha256: Mapped[str | None] = mapped_column(String(64))    # the grade certificate PDF
    docx_sha256: Mapped[str | None] = mapped_column(String(64))           # the Word copy
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
