"""Shared helpers of the workflow tests (agency workflow, issue 5): database backends and a
``Flow`` that drives a case through the real services to a given stage."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text

from ipcredit.agencies.schemas import AgencyIn, PersonIn
from ipcredit.db.base import load_all_models
from ipcredit.db.engine import make_engine, session_factory
from ipcredit.db.uow import UnitOfWork
from ipcredit.demo.service import credit_code as with_check_character, demo_facts

PG_URL = os.environ.get("IPCREDIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
D = dt.date


def pg_unavailable_reason() -> str | None:
    """None when PostgreSQL answers; in CI (CI=true) an unreachable server fails the run."""
    engine = make_engine(PG_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # noqa: BLE001 - any connection failure
        reason = f"PostgreSQL unreachable at {PG_URL}: {str(exc).splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} — required in CI", pytrace=False)
        return reason
    finally:
        engine.dispose()


def new_pg_schema() -> str:
    return f"ipc_t_{os.getpid()}_{secrets.token_hex(3)}"


def open_pg_schema() -> str:
    """A new PostgreSQL schema for one test or fixture (skipped — failed in CI — when PostgreSQL
    is unreachable); the caller drops it with `drop_pg_schema`."""
    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    schema = new_pg_schema()
    create_pg_schema(schema)
    return schema


def pg_schema_url(schema: str) -> str:
    """The database URL of ``schema`` (for settings and subprocesses)."""
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


def pg_engine(schema: str):
    return make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})


def create_pg_schema(schema: str) -> None:
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()


def drop_pg_schema(schema: str) -> None:
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def truncate_all(engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in load_all_models().sorted_tables)
    with engine.begin() as conn:
        # the audit log and the case timeline refuse TRUNCATE (append-only triggers); a test
        # reset, as the superuser, switches user triggers off for this transaction only
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def demo_database(url: str, folder: Path, seed=None):
    """The database at ``url`` migrated to the newest schema and seeded through the real
    services in one unit of work — by default with the demo data and logins, as `ipcredit db
    upgrade` and `ipcredit user demo` do; ``seed(uow, today)`` instead when given: (engine,
    session factory, what the seeding returned). Dispose of the engine when done with it."""
    from ipcredit.auth.demo import seed_demo_logins
    from ipcredit.db.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    with UnitOfWork(factory, folder) as uow:
        summary = (seed or seed_demo_logins)(uow, dt.date.today())
    return engine, factory, summary


def copy_sqlite(template: Path, dest: Path):
    shutil.copy(template, dest)
    return make_engine(f"sqlite:///{dest}")


@dataclass
class Db:
    backend: str
    engine: object
    data_dir: Path

    def uow(self) -> UnitOfWork:
        return UnitOfWork(session_factory(self.engine), self.data_dir)


code = with_check_character  # 17 characters + the GB 32100 check character


def facts_doc(name: str, credit_code: str, on: D, **overrides) -> dict:
    """The demo enterprise's facts (sample-a-like, AAA) for another name and code."""
    return {**demo_facts(name, credit_code, on), **overrides}


@dataclass
class Flow:
    """Drive cases through the services. ``stage`` names the state to stop in."""

    db: Db
    on: D = D(2026, 3, 2)
    agency_id: int = 0
    evaluators: list[int] = field(default_factory=list)
    reviewers: list[int] = field(default_factory=list)
    experts: list[int] = field(default_factory=list)
    _n: int = 0

    def setup_agency(self, qualified: int = 7, code_: str = "ZX") -> int:
        from ipcredit.agencies.service import add_person, register_agency

        with self.db.uow() as uow:
            self.agency_id = register_agency(uow, AgencyIn(code=code_, name=f"{code_}信用评价公司", licence_no="L-1", filing_no="BA-1"))
            since = self.on.replace(year=self.on.year - 4)
            for i in range(qualified):
                self.evaluators.append(add_person(uow, self.agency_id, PersonIn(
                    name=f"评价员{i}", credit_qualification=True, ip_training=True, credit_service_since=since)))
            for i in range(2):
                self.reviewers.append(add_person(uow, self.agency_id, PersonIn(name=f"评审{i}", kind="reviewer")))
                self.experts.append(add_person(uow, self.agency_id, PersonIn(name=f"专家{i}", kind="expert")))
        return self.agency_id

    def new_enterprise(self) -> tuple[str, str]:
        self._n += 1
        return f"测试企业{self._n}有限公司", code(f"9133010600000{self._n:04d}")

    def case(self, stage: str = "issued", facts: dict | None = None, enterprise: tuple[str, str] | None = None) -> int:
        from ipcredit.cases import service

        name, ccode = enterprise or self.new_enterprise()
        with self.db.uow() as uow:
            cid = service.apply_for_evaluation(uow, self.agency_id, ccode, name, "tester", self.on)
        if stage != "applied":
            self.advance(cid, stage, facts or facts_doc(name, ccode, self.on))
        return cid

    def advance(self, cid: int, stage: str, facts: dict) -> int:
        """Take an applied case (ordinary or re-check) on to ``stage``."""
        from ipcredit.cases import collection, service
        from ipcredit.cases.domain import Signature

        actor, on = "tester", self.on
        with self.db.uow() as uow:
            service.sign_contract(uow, cid, f"HT-{cid}", actor, on)
            service.assign_member(uow, cid, self.evaluators[0], "lead", actor, on)
            service.assign_member(uow, cid, self.evaluators[1], "evaluator", actor, on)
            service.start_preparing(uow, cid, actor, "工作方案")
            service.start_collecting(uow, cid, actor)
            collection.import_facts(uow, cid, facts, "企业提交", on, actor)
            if stage == "collecting":
                return cid
            collection.verify_pending_facts(uow, cid, actor, "核对原件")
            collection.record_interview(uow, cid, on, "会议室", "评价员0", "企业负责人", "访谈摘要",
                                        [Signature("评价员0", "interviewer", on), Signature("张总", "interviewee", on)], actor)
            collection.draft_report(uow, cid, actor)
            if stage == "drafting":
                return cid
            self.panel(uow, cid)
            if stage == "in_review":
                return cid
            from ipcredit.issuance.service import issue_report

            issue_report(uow, cid, actor, on)
        return cid

    def panel_members(self) -> list[tuple[int, str]]:
        return [(self.evaluators[0], "lead"), (self.reviewers[0], "reviewer"), (self.reviewers[1], "reviewer"),
                (self.experts[0], "expert"), (self.experts[1], "expert")]

    def panel(self, uow, cid: int, votes: list[str] | None = None) -> int:
        from ipcredit.cases.repository import draft_scoring
        from ipcredit.reviews import service as panel

        members = self.panel_members()
        pid = panel.form_panel(uow, cid, members, "tester", self.on)
        grade = draft_scoring(uow.s, cid).grade
        for (person, _), choice in zip(members, votes or [grade] * 5):
            panel.sign_confidentiality(uow, pid, person, self.on, "tester")
            panel.cast_vote(uow, pid, person, choice, "tester")
        panel.decide(uow, pid, "tester")
        return pid
