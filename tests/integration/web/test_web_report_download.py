"""The issued report's PDF: downloaded by the enterprise and the agency (same bytes every time),
then verified by upload — authentic and valid, or altered when a byte changes."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_auth_support import csrf_of, login

from ipcredit.web.app import create_app

pytestmark = pytest.mark.slow   # renders one PDF report (WeasyPrint, ~1–3 s)


def verdict_of(html: str) -> str:
    return re.search(r'data-testid="verdict">([^<]+)<', html).group(1)


def test_download_then_verify_authentic_and_altered(app_settings):
    ent = login(app_settings, "enterprise3")
    first = ent.get("/cases/3/report.pdf")
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    assert first.content.startswith(b"%PDF") and "attachment" in first.headers["content-disposition"]
    lead = login(app_settings, "lead")
    again = lead.get("/cases/3/report.pdf")
    assert again.content == first.content          # one genuine file, served again

    public = TestClient(create_app(app_settings))
    token = csrf_of(public.get("/verify").text)
    r = public.post("/verify/upload", files={"report_file": ("r.pdf", first.content, "application/pdf")},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and verdict_of(r.text).startswith("有效")
    altered = bytearray(first.content)
    middle = len(altered) // 2
    altered[middle] = (altered[middle] + 1) % 256
    r = public.post("/verify/upload", files={"report_file": ("r.pdf", bytes(altered), "application/pdf")},
                    headers={"X-CSRF-Token": token})
    assert verdict_of(r.text).startswith("不真实")


def test_other_enterprises_and_unissued_cases_have_no_report(app_settings):
    other = login(app_settings, "enterprise1")
    assert other.get("/cases/3/report.pdf").status_code == 404
    lead = login(app_settings, "lead")
    r = lead.get("/cases/1/report.pdf")
    assert r.status_code == 404 and "没有已出具的报告" in r.text
