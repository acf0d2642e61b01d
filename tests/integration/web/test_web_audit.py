"""Web requests are audited with the logged-in user, role and client address: reads of
case facts and evidence, and the changes a page makes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from web_auth_support import csrf_of, login

from ipcredit.db.engine import make_engine


def _entries(settings, after: int) -> list[dict]:
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_entry WHERE seq > :s ORDER BY seq"), {"s": after}).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def _last(settings) -> int:
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT COALESCE(MAX(seq), 0) FROM audit_entry")).scalar()
    engine.dispose()
    return n


def test_case_page_read_is_audited_with_user_role_and_address(app_settings):
    lead = login(app_settings, "lead")
    before = _last(app_settings)
    assert lead.get("/cases/2").status_code == 200
    reads = [e for e in _entries(app_settings, before) if e["action"] == "read:facts"]
    assert [(e["actor"], e["role"], e["source"], e["case_id"]) for e in reads] == [("lead", "project_lead", "testclient", 2)]


def test_evidence_upload_and_download_are_audited(app_settings):
    lead = login(app_settings, "lead")
    page = lead.get("/cases/2")
    before = _last(app_settings)
    r = lead.post("/cases/2/actions/attach_evidence",
                  data={"csrf_token": csrf_of(page.text), "path": "capacity.pledge_wan"},
                  files={"evidence_file": ("审计证据.pdf", b"%PDF-1.4 audited evidence", "application/pdf")})
    assert r.status_code == 303, r.text
    link = re.search(r'href="(/cases/2/evidence/[0-9a-f]{64})">审计证据.pdf<', lead.get("/cases/2").text).group(1)
    assert lead.get(link).status_code == 200
    got = {(e["action"], e["object_type"], e["actor"], e["role"]) for e in _entries(app_settings, before)}
    assert ("create", "fact_evidence", "lead", "project_lead") in got
    assert ("read:evidence", "evidence_file", "lead", "project_lead") in got


@pytest.mark.slow   # may render the PDF (WeasyPrint)
def test_issued_report_download_is_audited(app_settings):
    ent = login(app_settings, "enterprise3")
    before = _last(app_settings)
    assert ent.get("/cases/3/report.pdf").status_code == 200
    got = [(e["action"], e["actor"], e["role"], e["case_id"]) for e in _entries(app_settings, before)]
    assert ("read:report", "enterprise3", "enterprise_user", 3) in got
