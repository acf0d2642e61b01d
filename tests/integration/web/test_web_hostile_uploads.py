"""Hostile uploads, generated in the test: an oversized body, a zip bomb disguised as a
workbook, a PDF renamed .xlsx, traversal and control characters in file names, archive
entries escaping their folder, a program posing as evidence. Each is refused with a clear
413 / 415 / 422 in Chinese, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select
from web_auth_support import csrf_of, fresh_demo_db, login

from ipcredit.web.uploads import EVIDENCE_LIMIT, PDF_LIMIT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FACT = "capacity.valid_invention_patents"


@pytest.fixture(scope="module")
def upload_db(tmp_path_factory):
    return fresh_demo_db(tmp_path_factory.mktemp("uploaddb"))


def _post(client, action: str, files: dict, data: dict | None = None):
    page = client.get("/cases/2")
    return client.post(f"/cases/2/actions/{action}", data={"csrf_token": csrf_of(page.text), **(data or {})},
                       files=files)


def _workbook_zip(extra: dict[str, bytes] | None = None, stream: tuple[str, int] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        if stream:
            name, size = stream
            with zf.open(name, "w", force_zip64=True) as fh:
                chunk = b"\x00" * 1_000_000
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
    return buf.getvalue()


def _raw_multipart(client, action: str, filename: bytes, data: bytes):
    """A multipart body written by hand: httpx would percent-encode control characters."""
    token = csrf_of(client.get("/cases/2").text)
    b = b"----hostile"
    body = b"".join([
        b"--" + b + b'\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode() + b"\r\n",
        b"--" + b + b'\r\nContent-Disposition: form-data; name="path"\r\n\r\n' + FACT.encode() + b"\r\n",
        b"--" + b + b'\r\nContent-Disposition: form-data; name="evidence_file"; filename="' + filename
        + b'"\r\nContent-Type: image/png\r\n\r\n' + data + b"\r\n",
        b"--" + b + b"--\r\n"])
    return client.post(f"/cases/2/actions/{action}", content=body,
                       headers={"Content-Type": "multipart/form-data; boundary=" + b.decode()})


def _evidence_names(new_uow) -> list[str]:
    from ipcredit.cases.models import FactEvidence

    with new_uow() as uow:
        return list(uow.s.scalars(select(FactEvidence.filename).order_by(FactEvidence.id)))


def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(upload_db):
    settings, _, _ = upload_db
    lead = login(settings, "lead")
    bomb = _workbook_zip(stream=("xl/worksheets/sheet1.xml", 200_000_000))
    assert len(bomb) < 1_000_000                                   # 200 MB of zeros in a small file
    r = _post(lead, "import_records", {"records_file": ("records.xlsx", bomb, "application/octet-stream")},
              {"evaluation_date": "2026-03-15"})
    assert r.status_code == 413 and "压缩炸弹" in r.text


def test_many_small_entries_adding_up_are_refused_too(upload_db):
    settings, _, _ = upload_db
    lead = login(settings, "lead")
    entries = {f"xl/media/{i}.bin": b"\x00" * 900_000 for i in range(120)}   # each under the ratio rule's 1 MB
    r = _post(lead, "import_records", {"records_file": ("r.xlsx", _workbook_zip(entries), "application/octet-stream")},
              {"evaluation_date": "2026-03-15"})
    assert r.status_code == 413 and "解压后超过" in r.text


def test_a_pdf_renamed_xlsx_is_refused_by_content(upload_db):
    settings, _, _ = upload_db
    lead = login(settings, "lead")
    r = _post(lead, "import_records", {"records_file": ("records.xlsx", b"%PDF-1.7\n" + b"x" * 500, "application/vnd.ms-excel")},
              {"evaluation_date": "2026-03-15"})
    assert r.status_code == 415 and "不是 Office Open XML" in r.text


def test_archive_entries_escaping_their_folder_are_refused(upload_db):
    settings, _, _ = upload_db
    lead = login(settings, "lead")
    evil = _workbook_zip({"../../etc/cron.d/evil": b"* * * * * root sh"})
    r = _post(lead, "import_records", {"records_file": ("r.xlsx", evil, "application/octet-stream")},
              {"evaluation_date": "2026-03-15"})
    assert r.status_code == 422 and "非法路径" in r.text


def test_traversal_and_control_characters_in_file_names_are_stripped(upload_db, tmp_path):
    settings, _, new_uow = upload_db
    lead = login(settings, "lead")
    r = _post(lead, "attach_evidence", {"evidence_file": ("../../etc/passwd", PNG, "image/png")}, {"path": FACT})
    assert r.status_code == 303, r.text
    r = _raw_multipart(lead, "attach_evidence", "..\\..\\x\u202egnp.exe\x07\x1b.png".encode(), PNG + b"1")
    assert r.status_code == 303, r.text
    names = _evidence_names(new_uow)[-2:]
    assert names == ["passwd", "xgnp.exe.png"]
    data_dir = __import__("pathlib").Path(settings.data_dir)
    assert not (data_dir.parent / "etc").exists() and not (data_dir / "etc").exists()


def test_an_oversized_evidence_upload_is_refused_with_413(upload_db):
    settings, _, new_uow = upload_db
    lead = login(settings, "lead")
    before = _evidence_names(new_uow)
    big = PNG + b"\x00" * (EVIDENCE_LIMIT + 1_000_000)
    r = _post(lead, "attach_evidence", {"evidence_file": ("big.png", big, "image/png")}, {"path": FACT})
    assert r.status_code == 413 and "上传内容超过" in r.text
    assert _evidence_names(new_uow) == before


def test_a_program_posing_as_evidence_is_refused_with_415(upload_db):
    settings, _, new_uow = upload_db
    lead = login(settings, "lead")
    before = _evidence_names(new_uow)
    r = _post(lead, "attach_evidence", {"evidence_file": ("scan.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")},
              {"path": FACT})
    assert r.status_code == 415 and "不支持的证据文件类型" in r.text
    docx_bomb = _workbook_zip(stream=("word/document.xml", 120_000_000)).replace(b"xl/workbook.xml", b"xl/workbook.xmx")
    r = _post(lead, "attach_evidence", {"evidence_file": ("a.docx", docx_bomb, "application/octet-stream")}, {"path": FACT})
    assert r.status_code == 413 and "压缩炸弹" in r.text
    assert _evidence_names(new_uow) == before


def test_pdf_verification_upload_limits(upload_db):
    from fastapi.testclient import TestClient

    from ipcredit.web.app import create_app

    settings, _, _ = upload_db
    c = TestClient(create_app(settings))
    token = csrf_of(c.get("/verify").text)
    r = c.post("/verify/upload", files={"report_file": ("r.pdf", b"PK\x03\x04 not a pdf", "application/pdf")},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 415 and "不是 PDF" in r.text
    r = c.post("/verify/upload", files={"report_file": ("r.pdf", b"%PDF-" + b"0" * (PDF_LIMIT + 500_000), "application/pdf")},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 413 and "上传内容超过" in r.text


def test_an_api_body_over_the_limit_is_a_413_problem(upload_db):
    from fastapi.testclient import TestClient

    from ipcredit.web.app import create_app

    settings, _, _ = upload_db
    c = TestClient(create_app(settings))
    r = c.post("/api/v1/evaluate", content=b"{" + b" " * (settings.max_upload_bytes + 300_000) + b"}",
               headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/problem+json")
