from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcredit.agencies.domain import EvaluatorProfile
from ipcredit.agencies.models import Agency, Interest, Person
from ipcredit.domain_errors import NotFound


def get_agency(session: Session, agency_id: int, lock: bool = False) -> Agency:
    stmt = select(Agency).where(Agency.id == agency_id)
    agency = session.scalars(stmt.with_for_update().execution_options(populate_existing=True) if lock else stmt).first()
    if agency is None:
        raise NotFound(f"机构 {agency_id} 不存在 (no such agency)")
    return agency


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"人员 {person_id} 不存在 (no such person)")
    return person


def profile_of(person: Person) -> EvaluatorProfile:
    return EvaluatorProfile(
        name=person.name,
        credit_qualification=person.credit_qualification,
        ip_training=person.ip_training,
        credit_service_since=person.credit_service_since,
        disciplines=tuple(d.on for d in person.disciplines),
    )


def agency_interests(session: Session, agency_id: int) -> set[str]:
    return set(session.scalars(select(Interest.credit_code).where(Interest.agency_id == agency_id)))


def person_interests(session: Session, person_id: int) -> set[str]:
    return set(session.scalars(select(Interest.credit_code).where(Interest.person_id == person_id)))
