"""A backup taken while the application writes is one consistent state: every case in it
has its "applied" timeline entry (written in the same transaction), on both engines."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from backup_support import fill_with_demo
from sqlalchemy import text

from ipcredit.backup.service import backup, restore
from ipcredit.demo.service import credit_code


def _count(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_backup_while_writing_is_consistent(empty_store, tmp_path, backend):
    from ipcredit.cases.service import apply_for_evaluation

    src = empty_store(backend)
    demo = fill_with_demo(src)
    stop, applied = threading.Event(), []

    def writer() -> None:
        i = 0
        while not stop.is_set() and i < 400:
            with src.uow() as uow:
                applied.append(apply_for_evaluation(uow, demo["agency_id"], credit_code(f"9133010600{i:07d}"),
                                                    f"并发企业{i}", "t", dt.date.today()))
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        files = []
        for n in range(3):
            files.append(tmp_path / f"b{n}.ipcbak")
            backup(src.engine, src.data_dir, files[-1])
    finally:
        stop.set()
        thread.join()
    assert len(applied) > 0
    for f in files:
        dst = empty_store("sqlite")
        restore(dst.engine, dst.data_dir, f)
        cases = _count(dst.engine, "SELECT count(*) FROM eval_case")
        assert cases == _count(dst.engine, "SELECT count(*) FROM case_event WHERE action = 'applied'")
        assert cases == _count(dst.engine, "SELECT count(*) FROM enterprise")
