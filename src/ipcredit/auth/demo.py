"""Demo logins for the demo agency of ``ipcredit demo seed`` — idempotent: seeds the demo data
when the demo agency is missing, then creates the logins that are missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from ipcredit.auth.models import UserAccount
from ipcredit.auth.service import create_user
from ipcredit.db.uow import UnitOfWork

DEMO_PASSWORD = "ipcredit-demo"
# username → (role, display name, person name or None, enterprise index or None)
DEMO_USERS: dict[str, tuple[str, str, str | None, int | None]] = {
    "admin": ("admin", "系统管理员", None, None),
    "lead": ("project_lead", "王明", "王明", None),
    "evaluator": ("evaluator", "张伟", "张伟", None),
    "reviewer1": ("panel_member", "孙立", "孙立", None),
    "reviewer2": ("panel_member", "吴敏", "吴敏", None),
    "expert1": ("panel_member", "郑教授", "郑教授", None),
    "expert2": ("panel_member", "冯高工", "冯高工", None),
    "supervisor": ("supervisor", "监督员", None, None),
    "enterprise1": ("enterprise_user", "示范知识产权科技 IP 经理", None, 0),
    "enterprise2": ("enterprise_user", "华信专利材料 IP 经理", None, 1),
    "enterprise3": ("enterprise_user", "青禾创新设计 IP 经理", None, 2),
}


def _demo_agency_id(uow: UnitOfWork, on: dt.date) -> tuple[int, bool]:
    from ipcredit.agencies.models import Agency
    from ipcredit.demo.service import seed_demo

    found = uow.s.scalars(select(Agency.id).where(Agency.code == "DEMO")).first()
    if found is not None:
        return found, False
    return seed_demo(uow, on)["agency_id"], True


def seed_demo_logins(uow: UnitOfWork, on: dt.date) -> dict[str, Any]:
    from ipcredit.agencies.models import Person
    from ipcredit.cases.models import Enterprise
    from ipcredit.demo.service import ENTERPRISES

    from ipcredit.demo.service import ensure_demo_consent

    agency_id, seeded = _demo_agency_id(uow, on)
    if not seeded:
        ensure_demo_consent(uow, on)
    people = {p.name: p.id for p in uow.s.scalars(select(Person).where(Person.agency_id == agency_id))}
    created = []
    for username, (role, name, person, ent_index) in DEMO_USERS.items():
        if uow.s.scalars(select(UserAccount.id).where(UserAccount.username == username)).first() is not None:
            continue
        enterprise_id = None
        if ent_index is not None:
            code = ENTERPRISES[ent_index][1]
            enterprise_id = uow.s.scalars(select(Enterprise.id).where(Enterprise.credit_code == code)).first()
        create_user(uow, username, DEMO_PASSWORD, role, name,
                    agency_id=None if role == "enterprise_user" else agency_id,
                    person_id=people.get(person) if person else None, enterprise_id=enterprise_id)
        created.append(username)
    return {"agency_id": agency_id, "seeded": seeded, "created": created, "password": DEMO_PASSWORD,
            "logins": {u: v[0] for u, v in DEMO_USERS.items()}}
