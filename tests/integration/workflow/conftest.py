"""Every integration test of the agency workflow runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from wf_support import Db, Flow, copy_sqlite, drop_pg_schema, open_pg_schema, pg_engine, truncate_all

from ipcredit.db.engine import make_engine
from ipcredit.db.migrate import upgrade


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("wf-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated():
    schema = open_pg_schema()
    engine = pg_engine(schema)
    upgrade(engine)
    yield engine
    engine.dispose()
    drop_pg_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        engine = copy_sqlite(sqlite_template, tmp_path / "ipcredit.db")
        yield Db("sqlite", engine, tmp_path)
        engine.dispose()
    else:
        engine = request.getfixturevalue("pg_migrated")
        truncate_all(engine)
        yield Db("postgresql", engine, tmp_path)


@pytest.fixture
def flow(db):
    f = Flow(db)
    f.setup_agency()
    return f
