from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ipcredit.db.base import Base, utcnow


class ArchiveRecord(Base):
    """A frozen manifest of the case's papers (facts versions, evidence, scorings, panel,
    report), one version per issue or post-issue change."""

    __tablename__ = "archive_record"
    __table_args__ = (UniqueConstraint("case_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("issued_report.id"))
    version: Mapped[int] = mapped_column()
    archived_on: Mapped[dt.date] = mapped_column(Date)
    retention_until: Mapped[dt.date] = mapped_column(Date)
    manifest: Mapped[dict] = mapped_column(JSON)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    redacted_on: Mapped[dt.date | None] = mapped_column(Date)
    purged_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
