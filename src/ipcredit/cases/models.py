from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcredit.db.base import Base, utcnow
from ipcredit.security.fields import sealed_text


class Enterprise(Base):
    """受评对象."""

    __tablename__ = "enterprise"
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class ApplicantBan(Base):
    """3-year ban after false materials were found (§6.3)."""

    __tablename__ = "applicant_ban"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("eval_case.id"))


class Case(Base):
    __tablename__ = "eval_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="initial")  # initial | recheck
    state: Mapped[str] = mapped_column(String(20), index=True)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    contract_no: Mapped[str | None] = mapped_column(String(100))
    facts_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enterprise: Mapped[Enterprise] = relationship()
    members: Mapped[list["CaseMember"]] = relationship(order_by="CaseMember.id")


class CaseEvent(Base):
    """The case timeline: every transition and action, with actor, time and reason."""

    __tablename__ = "case_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    detail: Mapped[dict | None] = mapped_column(JSON, info={"encrypted": True})


class CaseMember(Base):
    """项目组成员: the project lead and evaluators assigned to the case."""

    __tablename__ = "case_member"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str] = mapped_column(String(20))  # lead | evaluator


class CaseFact(Base):
    """One collected fact: path, value, source, collection date, verification status."""

    __tablename__ = "case_fact"
    __table_args__ = (UniqueConstraint("case_id", "path"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    path: Mapped[str] = mapped_column(String(200))
    value: Mapped[object] = mapped_column(JSON, info={"encrypted": True})
    source: Mapped[str] = mapped_column(String(200))
    collected_on: Mapped[dt.date] = mapped_column(Date)
    verification: Mapped[str] = mapped_column(String(20), default="unverified")
    verification_note: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    evidence: Mapped[list["FactEvidence"]] = relationship(order_by="FactEvidence.id")


class EvidenceFile(Base):
    """A stored evidence file, addressed by its SHA-256."""

    __tablename__ = "evidence_file"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    purged_on: Mapped[dt.date | None] = mapped_column(Date)


class FactEvidence(Base):
    __tablename__ = "fact_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("case_fact.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_file.sha256"))
    filename: Mapped[str] = mapped_column(String(255))


class Interview(Base):
    """现场访谈记录 with signatures."""

    __tablename__ = "interview"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(sealed_text(200), info={"encrypted": True})
    interviewer: Mapped[str] = mapped_column(sealed_text(200), info={"encrypted": True})
    interviewees: Mapped[str] = mapped_column(sealed_text(500), info={"encrypted": True})
    summary: Mapped[str] = mapped_column(Text, info={"encrypted": True})
    signatures: Mapped[list] = mapped_column(JSON, info={"encrypted": True})


class FactsVersion(Base):
    """A frozen snapshot of the case's facts (facts-v1 document) that a scoring used."""

    __tablename__ = "facts_version"
    __table_args__ = (UniqueConstraint("case_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    version: Mapped[int] = mapped_column()
    document: Mapped[dict | None] = mapped_column(JSON, info={"encrypted": True})  # None once redacted (5-year limit)
    sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    redacted_on: Mapped[dt.date | None] = mapped_column(Date)


class Scoring(Base):
    """One run of ``ipcredit.standard.evaluate`` on a facts version, reproducible."""

    __tablename__ = "scoring"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    facts_version_id: Mapped[int] = mapped_column(ForeignKey("facts_version.id"))
    facts_sha256: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(30))  # draft | correction | reevaluation | recheck
    model_id: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(50))
    model_hash: Mapped[str] = mapped_column(String(100))
    profile: Mapped[str] = mapped_column(String(50))
    total: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    grade: Mapped[str] = mapped_column(String(10))
    result: Mapped[dict | None] = mapped_column(JSON, info={"encrypted": True})
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ModelSnapshot(Base):
    """The exact model file a scoring used, kept by its content hash so the scoring can be
    reproduced after the bundled model has changed."""

    __tablename__ = "model_snapshot"
    content_hash: Mapped[str] = mapped_column(String(100), primary_key=True)
    model_id: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(50))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
