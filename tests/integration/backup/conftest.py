"""Databases for the backup tests: a source with a whole demo case, empty targets on SQLite
and PostgreSQL (a fresh schema each, not even migrated)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from wf_support import create_pg_schema, drop_pg_schema, new_pg_schema, pg_engine, pg_unavailable_reason

from ipcredit.db.engine import make_engine, session_factory
from ipcredit.db.uow import UnitOfWork

EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 64


@dataclass
class Store:
    backend: str
    engine: object
    data_dir: Path

    def uow(self) -> UnitOfWork:
        return UnitOfWork(session_factory(self.engine), self.data_dir)


@pytest.fixture
def empty_store(tmp_path):
    """``empty_store(backend)``: an empty database and data directory."""
    made: list[tuple[Store, str | None]] = []

    def make(backend: str) -> Store:
        n = len(made)
        if backend == "sqlite":
            store, schema = Store("sqlite", make_engine(f"sqlite:///{tmp_path / f'db{n}.db'}"), tmp_path / f"data{n}"), None
        else:
            reason = pg_unavailable_reason()
            if reason:
                pytest.skip(reason)
            schema = new_pg_schema()
            create_pg_schema(schema)
            store = Store("postgresql", pg_engine(schema), tmp_path / f"data{n}")
        made.append((store, schema))
        return store

    yield make
    for store, schema in made:
        store.engine.dispose()
        if schema:
            drop_pg_schema(schema)


def fill_with_demo(store: Store) -> dict:
    """Migrate, seed the demo (issued and delivered report), file and conclude an information
    objection, attach an evidence file to the collecting case."""
    from ipcredit.cases.collection import attach_evidence
    from ipcredit.db.migrate import upgrade
    from ipcredit.demo.service import seed_demo
    from ipcredit.objections import service as objections

    upgrade(store.engine)
    today = dt.date.today()
    with store.uow() as uow:
        demo = seed_demo(uow, today)
    with store.uow() as uow:
        obj = objections.file_information_objection(uow, demo["report"]["id"], "capacity.valid_invention_patents",
                                                    "专利数量有误 <script>", today, "企业")
    with store.uow() as uow:
        objections.conclude_information_objection(uow, obj.id, "confirmed", "经核实无误", "王明", today)
    with store.uow() as uow:
        demo["evidence"] = attach_evidence(uow, demo["cases"]["collecting"], "basic.ip_department", EVIDENCE,
                                           "证据.pdf", "王明")
    return demo
