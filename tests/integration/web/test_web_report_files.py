"""The issued report's DOCX and certificate downloads (digests stored in the database, so
`/verify` upload and `report verify --db` confirm them), and the report preview before issue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_auth_support import csrf_of, login
from web_rest_support import seeded_settings

from ipcredit.web.app import create_app

pytestmark = pytest.mark.slow   # renders PDF and DOCX files (WeasyPrint, python-docx)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """The demo database with case 2 taken to drafting (its facts verified, scored)."""
    from ipcredit.cases import collection
    from ipcredit.cases.domain import Signature
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.uow import UnitOfWork

    folder = tmp_path_factory.mktemp("report-files")
    s = seeded_settings(folder)
    engine, today = make_engine(s.database_url), dt.date.today()
    with UnitOfWork(session_factory(engine), folder) as uow:
        collection.verify_pending_facts(uow, 2, "test", "与原件核对一致")
        collection.record_interview(uow, 2, today, "会议室", "李华", "负责人", "访谈", [
            Signature("李华", "interviewer", today), Signature("负责人", "interviewee", today)], "test")
        collection.draft_report(uow, 2, "test")
    engine.dispose()
    return s


def _verdict(settings, data: bytes) -> str:
    public = TestClient(create_app(settings))
    r = public.post("/verify/upload", files={"report_file": ("f.pdf", data, "application/pdf")},
                    headers={"X-CSRF-Token": csrf_of(public.get("/verify").text)})
    return re.search(r'data-testid="verdict">([^<]+)<', r.text).group(1)


def _altered(data: bytes) -> bytes:
    out = bytearray(data)
    out[len(out) // 2] = (out[len(out) // 2] + 1) % 256
    return bytes(out)


def test_certificate_download_is_registered_and_verifies(settings):
    first = login(settings, "enterprise3").get("/cases/3/certificate.pdf")
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    assert first.content.startswith(b"%PDF") and "certificate" in first.headers["content-disposition"]
    assert login(settings, "lead").get("/cases/3/certificate.pdf").content == first.content
    assert _verdict(settings, first.content).startswith("有效")
    assert _verdict(settings, _altered(first.content)).startswith("不真实")


def test_docx_download_is_registered_and_report_verify_db_confirms_it(settings, tmp_path, monkeypatch):
    from ipcredit.cli.main import app, register_groups

    r = login(settings, "enterprise3").get("/cases/3/report.docx")
    assert r.status_code == 200 and r.headers["content-type"].endswith("wordprocessingml.document")
    assert r.content.startswith(b"PK")
    assert login(settings, "supervisor").get("/cases/3/report.docx").content == r.content
    register_groups()
    path = tmp_path / "report.docx"
    path.write_bytes(r.content)
    monkeypatch.setenv("IPCREDIT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("IPCREDIT_DATA_DIR", settings.data_dir)
    result = CliRunner().invoke(app, ["report", "verify", str(path), "--db", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"verdict": "valid"' in result.output
    path.write_bytes(r.content + b"\0")
    assert CliRunner().invoke(app, ["report", "verify", str(path), "--db"]).exit_code == 1


def test_downloads_are_scoped_like_the_case(settings):
    other = login(settings, "enterprise1")
    for name in ("report.docx", "certificate.pdf"):
        assert other.get(f"/cases/3/{name}").status_code == 404
        r = TestClient(create_app(settings), follow_redirects=False).get(f"/cases/3/{name}")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = login(settings, "lead").get("/cases/1/certificate.pdf")
    assert r.status_code == 404 and "没有已出具的报告" in r.text


def test_lead_previews_the_draft_report_before_issue(settings):
    lead = login(settings, "lead")
    assert 'data-testid="report-preview"' in lead.get("/cases/2").text
    r = lead.get("/cases/2/report-preview")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "草稿 / 非正式报告" in r.text and "华信专利材料股份有限公司" in r.text
    assert "DEMO-" not in r.text and "验证码：" not in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    pdf = lead.get("/cases/2/report-preview?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from ipcredit.reports.verify import code_in_pdf, kind_in_pdf

    assert code_in_pdf(pdf.content) is None and kind_in_pdf(pdf.content) == "report"
    assert _verdict(settings, pdf.content).startswith("无法核实")      # a draft is not an issued report


@pytest.mark.parametrize("username", ["evaluator", "reviewer1", "supervisor", "enterprise2"])
def test_preview_is_refused_to_other_roles(settings, username):
    assert login(settings, username).get("/cases/2/report-preview").status_code == 403


def test_preview_before_drafting_is_refused_with_the_reason(settings):
    r = login(settings, "lead").get("/cases/1/report-preview")
    assert r.status_code == 409 and "尚未计分起草" in r.text
    assert login(settings, "lead").get("/cases/2/report-preview?format=docx").status_code == 422


def test_draft_scoring_is_for_the_agency_only(settings):
    r = login(settings, "lead").get("/api/v1/cases/2/scoring")
    assert r.status_code == 200 and r.json()["purpose"] == "draft"
    r = login(settings, "enterprise2").get("/api/v1/cases/2/scoring")
    assert r.status_code == 404 and "尚无可查看的评分" in r.json()["detail"]


def test_simultaneous_first_downloads_hand_out_one_registered_file(settings):
    import threading

    clients = {name: login(settings, name) for name in ("lead", "enterprise3", "supervisor")}
    got: dict[str, bytes] = {}
    threads = [threading.Thread(target=lambda n=n, c=c: got.__setitem__(n, c.get("/cases/3/report.pdf").content))
               for n, c in clients.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = {n: b[:3000].decode("utf-8", "replace") for n, b in got.items() if not b.startswith(b"%PDF")}
    assert not errors, errors
    assert len(set(got.values())) == 1 and _verdict(settings, got["lead"]).startswith("有效")


def test_a_grade_change_clears_every_stored_digest_and_unknown_kinds_are_refused(settings):
    """Runs last in this module: it changes the issued report's stored digests."""
    from pathlib import Path

    from ipcredit.cases.models import Scoring
    from ipcredit.db.engine import make_engine, session_factory
    from ipcredit.db.uow import UnitOfWork
    from ipcredit.domain_errors import RuleViolation
    from ipcredit.issuance.service import change_report_grade, get_report, store_report_file_hash

    assert login(settings, "lead").get("/cases/3/report.pdf").status_code == 200
    engine = make_engine(settings.database_url)
    with UnitOfWork(session_factory(engine), Path(settings.data_dir)) as uow:
        with pytest.raises(RuleViolation, match="文件类别"):
            store_report_file_hash(uow, 1, "a" * 64, "test", "zip")
        report = get_report(uow.s, 1)
        assert report.file_sha256 and report.certificate_sha256 and report.docx_sha256
        change_report_grade(uow.s, report, uow.s.get(Scoring, report.scoring_id), "AA", "test", "复核")
        assert (report.file_sha256, report.certificate_sha256, report.docx_sha256) == (None, None, None)
        uow.s.rollback()
    engine.dispose()
