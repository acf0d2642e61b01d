from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow


class SamplingRun(Base):
    """年度抽查: seed, rate, population and selection recorded for reproduction."""

    __tablename__ = "sampling_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column()
    seed: Mapped[int] = mapped_column(BigInteger)
    rate: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    population: Mapped[list] = mapped_column(JSON)
    selected: Mapped[list] = mapped_column(JSON)
    recheck_cases: Mapped[list] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ImportedRecord(Base):
    """A credit record imported after rating (bad record, dishonest-list entry …)."""

    __tablename__ = "imported_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    record: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200))
    imported_on: Mapped[dt.date] = mapped_column(Date)


class RevocationProposal(Base):
    __tablename__ = "revocation_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("issued_report.id"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("imported_record.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed | accepted | rejected
    raised_on: Mapped[dt.date] = mapped_column(Date)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class RecheckLink(Base):
    """A re-check case (复核) opened by sampling, and the report it re-checks."""

    __tablename__ = "recheck_link"
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("issued_report.id"), index=True)
    sampling_run_id: Mapped[int | None] = mapped_column(ForeignKey("sampling_run.id"))
