"""Helpers of the backup tests (a module name no other test folder uses): a database filled
with a whole demo case."""

from __future__ import annotations

import datetime as dt

from wf_support import Db

EVIDENCE = b"%PDF-1.4\n" + bytes(range(256)) * 64


def fill_with_demo(store: Db) -> dict:
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
