"""Crash safety (issue 8 item 6): ``ipcredit serve`` is killed with SIGKILL at random (seeded)
moments while three clients issue reports, deliver them, file and conclude objections and
upload evidence; after every kill the checks of ``crash_checks`` run on the data left behind
and the server is started again on it. Bounded in rounds and time per backend."""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time

import httpx
import pytest
from sqlalchemy import text

from crash_checks import CHECKS, State, run_checks
from crash_driver import Driver, World, log_in
from crash_seed import Server, seed

SEED = int(os.environ.get("IPCREDIT_CRASH_SEED", "20261124"))
ROUNDS = int(os.environ.get("IPCREDIT_CRASH_ROUNDS", "12"))
BUDGET_S = float(os.environ.get("IPCREDIT_CRASH_BUDGET_S", "40"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def crash_db(request, tmp_path):
    """(backend, database URL, engine) on a fresh migrated database."""
    from ipcredit.db.engine import make_engine
    from ipcredit.db.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.db'}"
        schema = None
    else:
        from wf_support import drop_pg_schema, open_pg_schema, pg_schema_url

        schema = open_pg_schema()
        url = pg_schema_url(schema)
    engine = make_engine(url)
    upgrade(engine)
    yield request.param, url, engine
    engine.dispose()
    if schema:
        drop_pg_schema(schema)


def _refresh(world: World, engine) -> None:
    """What the database holds now: the cases still waiting for a report, the reports, the
    deliveries and the open objections (the clients only pick operations that can succeed)."""
    ids = ",".join(str(c) for c in world.seeded.review)
    with engine.connect() as conn:
        states = dict(conn.execute(text(f"SELECT id, state FROM eval_case WHERE id IN ({ids})")).all())
        reports = conn.execute(text(f"SELECT case_id, id, delivered_on FROM issued_report WHERE case_id IN ({ids})")).all()
        open_ = conn.execute(text("SELECT case_id, id FROM objection WHERE status = 'open'")).all()
    world.review = [c for c in world.seeded.review if states[c] == "in_review"]
    world.issued = {c: r for c, r, _ in reports}
    world.delivered = {c for c, _, d in reports if d is not None}
    world.objections = {}
    for cid, oid in open_:
        world.objections.setdefault(cid, []).append(oid)


def _round(world: World, server: Server, rng: random.Random) -> None:
    stop = threading.Event()
    threads = [threading.Thread(target=Driver(world, server.url, random.Random(rng.random())).run, args=(stop,))
               for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.2, 2.0))
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=60)


def test_sigkill_at_random_points_loses_nothing_committed(crash_db, tmp_path):
    backend, url, engine = crash_db
    from ipcredit.db.engine import session_factory
    from ipcredit.db.uow import UnitOfWork

    data_dir = tmp_path / "data"
    factory = session_factory(engine)
    seeded = seed(lambda: UnitOfWork(factory, data_dir), dt.date.today(), n_review=24, n_collecting=3)
    env = {**os.environ, "IPCREDIT_DATABASE_URL": url, "IPCREDIT_DATA_DIR": str(data_dir)}
    server = Server(env, tmp_path / "serve.log")
    server.start()
    users = ["lead"] + [seeded.enterprise_login[c] for c in seeded.review]
    world = World(seeded, {u: log_in(server.url, u) for u in users}, list(seeded.review))
    rng, deadline, rounds = random.Random(SEED), time.monotonic() + BUDGET_S, 0
    try:
        while rounds < ROUNDS and time.monotonic() < deadline:
            _refresh(world, engine)
            _round(world, server, rng)
            rounds += 1
            engine.dispose()   # the test's own connections see the database as a restart would
            problems = run_checks(State(engine, data_dir, world, backend, env))
            assert not problems, f"after crash {rounds} (seed {SEED}):\n" + "\n".join(problems)
            server.start()
        _evidence_served_after_restart(world, server.url)
    finally:
        server.stop()
    kinds = {a.kind for a in world.acks}
    print(f"{backend}: {rounds} crashes, acknowledged " + ", ".join(
        f"{k} {sum(a.kind == k for a in world.acks)}" for k in sorted(kinds)))
    assert rounds >= 4, f"only {rounds} crash rounds in {BUDGET_S}s"
    assert {"issue", "deliver", "objection", "conclude", "evidence"} <= kinds, kinds
    assert len(CHECKS) >= 5


def _evidence_served_after_restart(world: World, url: str) -> None:
    """Acknowledged evidence is not only in the database: the server hands out its bytes."""
    import hashlib

    login = world.logins["lead"]
    sample = [a for a in world.acks if a.kind == "evidence"][:5]
    with httpx.Client(base_url=url, cookies=login.cookies, timeout=30) as c:
        for a in sample:
            r = c.get(f"/cases/{a.case_id}/evidence/{a.detail[1]}")
            assert r.status_code == 200 and hashlib.sha256(r.content).hexdigest() == a.detail[1], a
