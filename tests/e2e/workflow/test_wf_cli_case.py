"""The whole process through the CLI on a fresh database (SQLite, and PostgreSQL)."""

from __future__ import annotations

import re

import yaml
from typer.testing import CliRunner
from wf_support import code, facts_doc

from ipcredit.cli.main import app, register_groups

if not any(g.name == "case" for g in app.registered_groups):
    register_groups()


def run(*args: str, code_: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code_, (args, result.stdout, result.stderr)
    return result.stdout


def test_case_through_the_cli(cli_env):
    run("db", "upgrade")
    from ipcredit.db.migrate import head_revision

    assert f"current {head_revision()}  head {head_revision()}" in run("db", "current")
    run("agency", "create", "CLI", "命令行信用评价公司", "--licence", "L-1", "--filing", "BA-9")
    for i in range(6):
        run("agency", "add-person", "1", f"评价员{i}", "--qualified", "--trained", "--since", "2020-01-01")
    for kind, name in [("reviewer", "评审甲"), ("reviewer", "评审乙"), ("expert", "专家甲"), ("expert", "专家乙")]:
        run("agency", "add-person", "1", name, "--kind", kind)
    assert "少于 7 名" in run("agency", "status", "1", "--on", "2026-09-01", code_=1)
    run("agency", "add-person", "1", "评价员7", "--qualified", "--trained")
    assert "具备评价资格" in run("agency", "status", "1", "--on", "2026-09-01")
    ent = code("91330106MA2B3C4D5")
    bad = CliRunner().invoke(app, ["case", "apply", "1", "123", "某公司"])
    assert bad.exit_code == 1 and bad.stdout == "" and "统一社会信用代码" in bad.stderr
    bad_date = CliRunner().invoke(app, ["case", "apply", "1", ent, "示例", "--on", "2026-13-01"])
    assert bad_date.exit_code == 2 and "--on" in bad_date.stderr
    run("case", "apply", "1", ent, "示例科技有限公司", "--on", "2026-09-01")
    run("case", "contract", "1", "HT-1", "--on", "2026-09-02")
    run("case", "assign", "1", "1", "--role", "lead", "--on", "2026-09-02")
    run("case", "prepare", "1", "--plan", "评价工作方案")
    run("case", "collect", "1")
    facts = cli_env / "facts.yaml"
    facts.write_text(yaml.safe_dump(facts_doc("示例科技有限公司", ent, __import__("datetime").date(2026, 9, 10)),
                                    allow_unicode=True), encoding="utf-8")
    run("case", "facts-import", "1", str(facts), "--source", "企业提交", "--collected", "2026-09-05")
    pdf = cli_env / "pledge.pdf"
    pdf.write_bytes(b"%PDF-1.4 pledge")
    run("case", "evidence-add", "1", "capacity.pledge_wan", str(pdf))
    run("case", "fact-verify", "1", "*", "--note", "与原件核对一致")
    run("case", "interview", "1", "企业会议室", "评价员0", "企业负责人", "访谈摘要",
        "--sign", "评价员0:interviewer", "--sign", "张总:interviewee", "--on", "2026-09-08")
    grade = re.search(r"等级 (A+)", run("case", "draft", "1")).group(1)
    members = ["--member", "1:lead", "--member", "7:reviewer", "--member", "8:reviewer",
               "--member", "9:expert", "--member", "10:expert"]
    run("panel", "form", "1", *members, "--on", "2026-09-20")
    for person in ("1", "7", "8", "9", "10"):
        run("panel", "sign", "1", person)
        run("panel", "vote", "1", person, grade)
    assert grade in run("panel", "decide", "1")
    issued = run("case", "issue", "1", "--on", "2026-09-25")
    assert "CLI-2026-0001" in issued and "2029-09-24" in issued
    vcode = re.search(r"验证码 (\S+)", issued).group(1)
    run("case", "deliver", "1", "--on", "2026-09-26")
    assert "2026-10-13" in run("objection", "info", "1", "capacity.pledge_wan", "金额有误", "--on", "2026-09-28")
    run("objection", "conclude", "1", "--outcome", "corrected", "--reasons", "以登记证明为准", "--value", "900",
        "--on", "2026-10-12")
    run("objection", "result", "1", "补充奖项证书", "--on", "2026-10-09")
    assert "最终等级" in run("objection", "reevaluate", "2", "--reasons", "复评结论", "--on", "2026-10-20")
    again = CliRunner().invoke(app, ["objection", "result", "1", "再次", "--on", "2026-10-21"])
    assert again.exit_code == 1 and "最终结果" in again.stderr
    run("case", "archive", "1", "--on", "2026-10-22")
    assert '"status": "valid"' in run("case", "verify", vcode, "--on", "2026-10-23")
    assert "archived" in run("case", "timeline", "1")
    assert "演练" in run("retention", "run", "--on", "2032-01-01")
    assert "1 项到期" in run("retention", "run", "--on", "2032-01-01")


def test_demo_seed(cli_env):
    run("db", "upgrade")
    out = run("demo", "seed", "--on", "2026-06-01")
    assert "DEMO-2026-0001" in out
    listing = run("case", "list")
    assert listing.count('"state"') == 3 and '"collecting"' in listing and '"issued"' in listing
