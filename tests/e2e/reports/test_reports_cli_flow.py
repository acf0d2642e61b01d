"""The report CLI end to end: draft, issue, verify (valid / altered / expired / revoked), errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

CLI = [sys.executable, "-c", "from ipcredit.cli.main import main; main()"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "report", *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def issued(tmp_path_factory, root):
    work = tmp_path_factory.mktemp("cli")
    reg = work / "reg.json"
    res = run("issue", root / "examples" / "sample-a.yaml", "--meta", root / "examples" / "report-meta.yaml",
              "-o", work / "r.pdf", "--certificate", work / "c.pdf", "--docx", work / "r.docx",
              "--issue-date", "2026-03-20", "--registry", reg, cwd=work)
    assert res.returncode == 0, res.stderr
    return work, reg


def test_issue_registers_every_file(issued):
    work, reg = issued
    rec = json.loads(reg.read_text("utf-8"))["reports"][0]
    assert rec["report_number"] == "ZXPJ-2026-0012" and rec["valid_until"] == "2029-03-19"
    assert rec["status"] == "valid" and len(rec["sha256"]) == 3
    assert rec["verification_code"] in PdfReader(work / "r.pdf").metadata["/Keywords"]


def test_verify_valid_altered_expired(issued):
    work, reg = issued
    ok = run("verify", work / "r.pdf", "--registry", reg, "--on", "2026-04-01", cwd=work)
    assert ok.returncode == 0 and "valid" in ok.stdout and "ZXPJ-2026-0012" in ok.stdout
    expired = run("verify", work / "c.pdf", "--registry", reg, "--on", "2029-03-20", "--format", "json", cwd=work)
    assert expired.returncode == 3 and json.loads(expired.stdout)["verdict"] == "expired"
    data = bytearray((work / "r.pdf").read_bytes())
    data[len(data) // 2] ^= 0x20
    (work / "t.pdf").write_bytes(data)
    bad = run("verify", work / "t.pdf", "--registry", reg, "--format", "json", cwd=work)
    assert bad.returncode == 1 and json.loads(bad.stdout)["authentic"] is False


def test_revoke_then_verify_says_revoked(tmp_path, root):
    reg = tmp_path / "reg.json"
    res = run("issue", root / "examples" / "demo.yaml", "--meta", root / "examples" / "report-meta.yaml",
              "--number", "ZXPJ-2026-0099", "-o", tmp_path / "r.pdf", "--registry", reg, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    code = json.loads(reg.read_text("utf-8"))["reports"][0]["verification_code"]
    assert run("revoke", code.lower(), "--registry", reg, cwd=tmp_path).returncode == 0
    v = run("verify", tmp_path / "r.pdf", "--registry", reg, cwd=tmp_path)
    assert v.returncode == 4 and "revoked" in v.stdout and "已撤销" in v.stdout


def test_draft_from_facts_alone(tmp_path, root):
    res = run("render", root / "examples" / "demo.yaml", "-o", tmp_path / "d.html", "--format", "html", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "d.html").read_text("utf-8")
    assert "草稿 / 非正式报告" in html and "杭州示范智能装备有限公司" in html
    unknown = run("verify", root / "examples" / "demo.yaml", "--registry", tmp_path / "none.json", cwd=tmp_path)
    assert unknown.returncode == 1 and "unknown" in unknown.stdout


def test_user_errors_exit_2_with_clear_lines(tmp_path, root):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: ipcredit/facts-v1\nevaluation_date: 2026-02-30\n", "utf-8")
    res = run("render", bad, "-o", tmp_path / "x.pdf", cwd=tmp_path)
    assert res.returncode == 2 and res.stdout == "" and "evaluation_date" in res.stderr
    assert not (tmp_path / "x.pdf").exists()
    fmt = run("render", root / "examples" / "demo.yaml", "-o", tmp_path / "x.pdf", "--format", "odt", cwd=tmp_path)
    assert fmt.returncode == 2 and "--format" in fmt.stderr
    nometa = run("issue", root / "examples" / "demo.yaml", "--meta", tmp_path / "none.yaml", "-o", tmp_path / "x.pdf",
                 "--registry", tmp_path / "r.json", cwd=tmp_path)
    assert nometa.returncode == 2 and "none.yaml" in nometa.stderr and "Traceback" not in nometa.stderr
    revoke = run("revoke", "AAAA-BBBB-CCCC", "--registry", tmp_path / "r.json", cwd=tmp_path)
    assert revoke.returncode == 2 and "AAAA-BBBB-CCCC" in revoke.stderr


def test_unreadable_registry_is_named(tmp_path, root):
    reg = tmp_path / "reg.json"
    reg.write_text("{not json", "utf-8")
    res = run("verify", root / "examples" / "demo.yaml", "--registry", reg, cwd=tmp_path)
    assert res.returncode == 2 and "--registry" in res.stderr and str(reg) in res.stderr
    assert reg.read_text("utf-8") == "{not json"  # left as it was


def test_issue_takes_date_and_code_from_meta_and_refuses_reuse(tmp_path, root):
    meta = tmp_path / "meta.yaml"
    meta.write_text("report_number: M-1\nissue_date: 2025-02-28\nverification_code: k7qm 2xrp 9hcv\n"
                    "purpose: 银行授信\nagency: {name: 测试机构}\n", "utf-8")
    reg = tmp_path / "reg.json"
    res = run("issue", root / "examples" / "demo.yaml", "--meta", meta, "-o", tmp_path / "r.pdf", "--registry", reg,
              cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    rec = json.loads(reg.read_text("utf-8"))["reports"][0]
    assert (rec["issue_date"], rec["valid_until"], rec["verification_code"]) == ("2025-02-28", "2028-02-27", "K7QM-2XRP-9HCV")
    overview = PdfReader(tmp_path / "r.pdf").pages[1].extract_text()
    assert "评价目的及应用领域" in overview and "银行授信" in overview
    again = run("issue", root / "examples" / "demo.yaml", "--meta", meta, "--number", "M-2", "-o", tmp_path / "r2.pdf",
                "--registry", reg, cwd=tmp_path)
    assert again.returncode == 2 and "verification_code" in again.stderr and not (tmp_path / "r2.pdf").exists()


def test_two_issues_at_once_keep_both_records(tmp_path, root):
    reg = tmp_path / "reg.json"
    procs = [subprocess.Popen([*CLI, "report", "issue", str(root / "examples" / "demo.yaml"), "--meta",
                               str(root / "examples" / "report-meta.yaml"), "--number", f"P-{n}",
                               "-o", str(tmp_path / f"p{n}.pdf"), "--registry", str(reg)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in (1, 2)]
    assert [p.wait() for p in procs] == [0, 0]
    numbers = sorted(r["report_number"] for r in json.loads(reg.read_text("utf-8"))["reports"])
    assert numbers == ["P-1", "P-2"]
    for n in (1, 2):
        assert run("verify", tmp_path / f"p{n}.pdf", "--registry", reg, cwd=tmp_path).returncode == 0


def test_short_form_report_facts_file(tmp_path, root):
    """`ipcredit report FACTS -o FILE` (the issue's form) is `report render`."""
    out = run(str(root / "examples" / "sample-a.yaml"), "--format", "docx", "-o", str(tmp_path / "r.docx"),
              cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "r.docx").stat().st_size > 10_000
    missing = run("missing.yaml", "-o", str(tmp_path / "m.pdf"), cwd=tmp_path)
    assert missing.returncode == 2 and "missing.yaml: 文件不存在" in missing.stderr
