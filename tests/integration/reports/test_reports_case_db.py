"""An issued case of the workflow database: render its report, store the digest, verify
genuine / altered / certificate / expired / revoked files through the CLI (SQLite)."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from wf_support import Db, Flow

from ipcredit.db.engine import make_engine
from ipcredit.db.migrate import upgrade
from ipcredit.reports.case_source import DbReportRegistry, issued_case_view
from ipcredit.reports.verify import Verdict, verify_bytes

CLI = [sys.executable, "-c", "from ipcredit.cli.main import main; main()"]


@pytest.fixture(scope="module")
def issued_case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("case-db")
    url = f"sqlite:///{folder / 'ipcredit.db'}"
    engine = make_engine(url)
    upgrade(engine)
    flow = Flow(Db("sqlite", engine, folder))
    flow.setup_agency()
    case_id = flow.case("issued")
    yield flow, case_id, url, folder
    engine.dispose()


def run(folder, url, *args):
    env = {**os.environ, "IPCREDIT_DATABASE_URL": url, "IPCREDIT_DATA_DIR": str(folder)}
    return subprocess.run([*CLI, "report", *map(str, args)], cwd=folder, env=env, capture_output=True, text=True)


def test_view_of_issued_case_carries_the_workflow_record(issued_case):
    flow, case_id, _, _ = issued_case
    with flow.db.uow() as uow:
        view, report_id = issued_case_view(uow, case_id)
        registry = DbReportRegistry(uow)
        record = registry.by_code(view.verification_code)
        # no digest stored yet: a PDF carrying the code cannot verify as valid
        early = verify_bytes(b"x ipcredit-verify:" + view.verification_code.encode(), registry, flow.on)
    assert not view.draft and view.meta.report_number == f"ZX-{flow.on.year}-0001"
    assert view.meta.agency.name == "ZX信用评价公司" and view.meta.agency.filing_number == "BA-1"
    assert view.meta.evaluators == ("评价员0（项目负责人）", "评价员1")
    assert dict(view.cover)["报告有效期限"].endswith("2029年3月1日")
    assert record.report_number == view.meta.report_number and record.sha256 == frozenset()
    assert early.verdict is Verdict.altered and early.record.report_number == record.report_number


def test_cli_renders_stores_digest_and_verifies(issued_case):
    flow, case_id, url, folder = issued_case
    res = run(folder, url, "case", case_id, "-o", folder / "r.pdf", "--certificate", folder / "c.pdf", "--actor", "tester")
    assert res.returncode == 0, res.stderr
    on = flow.on.isoformat()
    ok = run(folder, url, "verify", folder / "r.pdf", "--db", "--on", on, "--format", "json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["verdict"] == "valid"
    data = bytearray((folder / "r.pdf").read_bytes())
    data[len(data) // 3] ^= 0x04
    (folder / "t.pdf").write_bytes(data)
    bad = run(folder, url, "verify", folder / "t.pdf", "--db", "--on", on, "--format", "json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["verdict"] in ("altered", "unknown")
    cert = run(folder, url, "verify", folder / "c.pdf", "--db", "--on", on, "--format", "json")
    assert cert.returncode == 1 and json.loads(cert.stdout)["verdict"] == "unconfirmed"
    late = run(folder, url, "verify", folder / "r.pdf", "--db", "--on", "2029-03-02")
    assert late.returncode == 3 and "expired" in late.stdout


def test_revoked_case_report_verifies_as_revoked(issued_case):
    flow, case_id, url, folder = issued_case
    assert run(folder, url, "case", case_id, "-o", folder / "r2.pdf").returncode == 0
    from ipcredit.issuance.service import revoke_report

    with flow.db.uow() as uow:
        _, report_id = issued_case_view(uow, case_id)
        revoke_report(uow, report_id, "列入失信惩戒对象", "supervisor", dt.date(2026, 6, 1))
    res = run(folder, url, "verify", folder / "r2.pdf", "--db", "--on", "2026-06-02")
    assert res.returncode == 4 and "revoked" in res.stdout


def test_unknown_case_is_a_clear_error(issued_case):
    _, _, url, folder = issued_case
    res = run(folder, url, "case", 999, "-o", folder / "x.pdf")
    assert res.returncode != 0 and "999" in res.stderr and "Traceback" not in res.stderr
    assert not (folder / "x.pdf").exists()


def test_changed_bundled_model_uses_the_stored_snapshot(issued_case, monkeypatch, root):
    import ipcredit.standard as standard

    flow, case_id, _, _ = issued_case
    with flow.db.uow() as uow:
        before, _ = issued_case_view(uow, case_id)
    other = standard.load_model(root / "examples" / "agency-model.yaml")
    assert other.content_hash != standard.bundled_model().content_hash
    monkeypatch.setattr(standard, "bundled_model", lambda: other)
    with flow.db.uow() as uow:
        after, _ = issued_case_view(uow, case_id)
    assert after.total == before.total and after.model_line == before.model_line
