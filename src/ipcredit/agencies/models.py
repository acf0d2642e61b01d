from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcredit.db.base import Base, utcnow
from ipcredit.security.fields import sealed_text

PERSON_KINDS = ("evaluator", "reviewer", "expert")


class Agency(Base):
    """信用服务机构."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # short code used in report numbers
    name: Mapped[str] = mapped_column(String(200))
    licence_no: Mapped[str | None] = mapped_column(String(100))
    filing_no: Mapped[str | None] = mapped_column(String(100))
    qualification_revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    qualification_revoked_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    people: Mapped[list["Person"]] = relationship(back_populates="agency", order_by="Person.id")


class Person(Base):
    """评价人员 / 审核人员 / 专家 of an agency."""

    __tablename__ = "person"
    __table_args__ = (CheckConstraint("kind IN ('evaluator','reviewer','expert')", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(sealed_text(100), info={"encrypted": True})
    kind: Mapped[str] = mapped_column(String(20))
    credit_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    ip_training: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_service_since: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    agency: Mapped[Agency] = relationship(back_populates="people")
    disciplines: Mapped[list["Discipline"]] = relationship(order_by="Discipline.on")


class Discipline(Base):
    """处分 record of a person."""

    __tablename__ = "discipline"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)


class Interest(Base):
    """A declared asset or interest relation (资产或利益关系) with an enterprise (§4.3.2)."""

    __tablename__ = "interest"
    __table_args__ = (CheckConstraint("(agency_id IS NULL) <> (person_id IS NULL)", name="one_party"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    description: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[dt.date] = mapped_column(Date)
