"""Record tables uploaded on the case page: the XLSX template, filled for the case's
enterprise, becomes collected facts; a workbook with bad cells is refused naming sheet,
row and column, and nothing is collected."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from web_auth_support import csrf_of, login

TEMPLATE_CODE = "91440300708461136T"     # the example rows of the facts slice's template
CASE_CODE = "91440300MA5F0X1Y2K"         # demo case 2 (collecting): 华信专利材料股份有限公司


def workbook_for(template: bytes, code: str, bad_cell: bool = False) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == TEMPLATE_CODE:
                    cell.value = code
    if bad_cell:
        book["patents"].cell(row=2, column=5).value = "去年"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_records_workbook_becomes_facts(app_settings):
    lead = login(app_settings, "lead")
    template = lead.get("/templates/records.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    page = lead.get("/cases/2")
    assert 'data-action="import_records"' in page.text
    before = int(re.search(r"已收集事实 <small>(\d+) 项", page.text).group(1))
    r = lead.post("/cases/2/actions/import_records",
                  data={"csrf_token": csrf_of(page.text), "evaluation_date": "2026-03-15", "source": "企业填报记录表"},
                  files={"records_file": ("records.xlsx", workbook_for(template.content, CASE_CODE), "application/octet-stream")})
    assert r.status_code == 303, r.text
    after = lead.get(r.headers["location"])
    assert "记录表已导入" in after.text and "企业填报记录表" in after.text
    assert int(re.search(r"已收集事实 <small>(\d+) 项", after.text).group(1)) >= before
    assert "近三年质押融资数额（万元）" in after.text         # facts shown with their Chinese labels


def test_bad_workbook_is_refused_with_sheet_row_and_column(app_settings):
    lead = login(app_settings, "lead")
    template = lead.get("/templates/records.xlsx").content
    page = lead.get("/cases/2")
    r = lead.post("/cases/2/actions/import_records",
                  data={"csrf_token": csrf_of(page.text), "evaluation_date": "2026-03-15"},
                  files={"records_file": ("bad.xlsx", workbook_for(template, CASE_CODE, bad_cell=True), "application/octet-stream")})
    assert r.status_code == 409
    assert "未完成" in r.text and "Traceback" not in r.text
    assert "bad.xlsx 工作表 patents 第 2 行 申请日" in r.text


def test_enterprise_users_cannot_fetch_the_template(app_settings):
    ent = login(app_settings, "enterprise2")
    assert ent.get("/templates/records.xlsx").status_code == 403


def test_evidence_upload_and_download_and_single_fact_verification(app_settings):
    lead = login(app_settings, "lead")
    page = lead.get("/cases/2")
    pdf = b"%PDF-1.4 pledge registration certificate"
    r = lead.post("/cases/2/actions/attach_evidence",
                  data={"csrf_token": csrf_of(page.text), "path": "capacity.pledge_wan"},
                  files={"evidence_file": ("质押登记证明.pdf", pdf, "application/pdf")})
    assert r.status_code == 303, r.text
    page = lead.get("/cases/2")
    link = re.search(r'href="(/cases/2/evidence/[0-9a-f]{64})">质押登记证明.pdf<', page.text).group(1)
    got = lead.get(link)
    assert got.status_code == 200 and got.content == pdf
    assert login(app_settings, "enterprise2").get(link).status_code == 403
    assert lead.get("/cases/3/evidence/" + link.rsplit("/", 1)[1]).status_code == 404
    r = lead.post("/cases/2/actions/verify_fact", data={"csrf_token": csrf_of(page.text),
                  "path": "capacity.pledge_wan", "status": "unverifiable", "note": ""})
    assert r.status_code == 409 and "「核验单项事实」未完成" in r.text
    r = lead.post("/cases/2/actions/verify_fact", data={"csrf_token": csrf_of(page.text),
                  "path": "capacity.pledge_wan", "status": "verified", "note": "与登记证明一致"})
    assert r.status_code == 303
