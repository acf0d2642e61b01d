"""Use cases of agencies and people. Each takes a unit of work and commits once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ipcredit.agencies import domain
from ipcredit.agencies.models import Agency, Discipline, Interest, Person
from ipcredit.agencies.repository import get_agency, get_person, profile_of
from ipcredit.agencies.schemas import AgencyIn, AgencyStatus, PersonIn
from ipcredit.db.uow import UnitOfWork
from ipcredit.domain_errors import RuleViolation


def register_agency(uow: UnitOfWork, data: AgencyIn) -> int:
    if uow.s.scalars(select(Agency).where(Agency.code == data.code)).first():
        raise RuleViolation(f"机构代码 {data.code} 已存在 (agency code taken)")
    agency = Agency(**data.model_dump())
    uow.s.add(agency)
    uow.s.flush()
    uow.commit()
    return agency.id


def add_person(uow: UnitOfWork, agency_id: int, data: PersonIn) -> int:
    get_agency(uow.s, agency_id)
    person = Person(agency_id=agency_id, **data.model_dump())
    uow.s.add(person)
    uow.s.flush()
    uow.commit()
    return person.id


def record_discipline(uow: UnitOfWork, person_id: int, on: dt.date, reason: str) -> None:
    get_person(uow.s, person_id)
    if not reason.strip():
        raise RuleViolation("处分须写明原因 (reason required)")
    uow.s.add(Discipline(person_id=person_id, on=on, reason=reason))
    uow.commit()


def declare_interest(
    uow: UnitOfWork, credit_code: str, description: str, on: dt.date,
    agency_id: int | None = None, person_id: int | None = None,
) -> int:
    """Declare an asset or interest relation of the agency or of one person (§4.3.2)."""
    if (agency_id is None) == (person_id is None):
        raise RuleViolation("利益关系须声明给机构或人员之一 (agency or person, not both)")
    if agency_id is not None:
        get_agency(uow.s, agency_id)
    else:
        get_person(uow.s, person_id)
    row = Interest(agency_id=agency_id, person_id=person_id, credit_code=credit_code,
                   description=description, declared_on=on)
    uow.s.add(row)
    uow.s.flush()
    uow.commit()
    return row.id


def qualified_evaluator_count(agency: Agency, on: dt.date) -> int:
    return sum(
        1 for p in agency.people
        if p.kind == "evaluator" and not domain.evaluator_problems(profile_of(p), on)
    )


def agency_problems(agency: Agency, on: dt.date) -> list[str]:
    return domain.agency_problems(domain.AgencyProfile(
        name=agency.name, licence_no=agency.licence_no, filing_no=agency.filing_no,
        qualified_evaluators=qualified_evaluator_count(agency, on),
        qualification_revoked_on=agency.qualification_revoked_on,
    ))


def agency_status(uow: UnitOfWork, agency_id: int, on: dt.date) -> AgencyStatus:
    agency = get_agency(uow.s, agency_id)
    problems = agency_problems(agency, on)
    return AgencyStatus(agency_id=agency.id, name=agency.name, eligible=not problems,
                        qualified_evaluators=qualified_evaluator_count(agency, on), problems=problems)


def people_status(uow: UnitOfWork, agency_id: int, on: dt.date) -> list[dict]:
    agency = get_agency(uow.s, agency_id)
    rows = []
    for p in agency.people:
        prof = profile_of(p)
        rows.append({
            "id": p.id, "name": p.name, "kind": p.kind,
            "qualified": not domain.evaluator_problems(prof, on),
            "can_lead": not domain.lead_problems(prof, on),
            "years": domain.years_of_service(prof, on),
            "problems": domain.lead_problems(prof, on),
        })
    return rows


def list_agencies(uow: UnitOfWork) -> list[Agency]:
    return list(uow.s.scalars(select(Agency).order_by(Agency.id)))
