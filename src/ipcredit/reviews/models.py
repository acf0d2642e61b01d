from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipcredit.db.base import Base, utcnow


class Panel(Base):
    __tablename__ = "panel"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("eval_case.id"), index=True)
    formed_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | decided | sent_back
    draft_grade: Mapped[str] = mapped_column(String(10))
    decided_grade: Mapped[str | None] = mapped_column(String(10))
    reasons: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column()
    members: Mapped[list["PanelMember"]] = relationship(order_by="PanelMember.id")


class PanelMember(Base):
    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("panel_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str] = mapped_column(String(20))
    confidentiality_signed_on: Mapped[dt.date | None] = mapped_column(Date)


class Vote(Base):
    __tablename__ = "panel_vote"
    __table_args__ = (UniqueConstraint("panel_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"))
    choice: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    cast_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
