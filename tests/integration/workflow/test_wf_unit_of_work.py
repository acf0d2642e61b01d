"""The unit of work alone commits: a change and its timeline entry land together or not at all."""

import pytest

from ipcredit.cases.models import Case, CaseEvent
from ipcredit.cases.repository import get_case, transition
from ipcredit.domain_errors import RuleViolation
from ipcredit.reviews import service as panel


def test_uncommitted_change_and_its_event_are_discarded_together(flow, db):
    cid = flow.case("applied")
    with db.uow() as uow:
        case = get_case(uow.s, cid)
        transition(uow.s, case, "rejected", "t", "试验")
        uow.s.flush()  # written to the transaction, never committed
    with db.uow() as uow:
        assert uow.s.get(Case, cid).state == "applied"
        assert uow.s.query(CaseEvent).filter_by(case_id=cid, to_state="rejected").count() == 0


def test_a_refused_action_leaves_nothing_half_written(flow, db):
    cid = flow.case("drafting")
    with db.uow() as uow:
        events_before = uow.s.query(CaseEvent).filter_by(case_id=cid).count()
        bad = flow.panel_members()[:4]
        with pytest.raises(RuleViolation):
            panel.form_panel(uow, cid, bad, "t", flow.on)
    with db.uow() as uow:
        assert uow.s.get(Case, cid).state == "drafting"
        assert uow.s.query(CaseEvent).filter_by(case_id=cid).count() == events_before
