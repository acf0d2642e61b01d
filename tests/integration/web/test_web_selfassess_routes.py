"""Self-assessment routes with the TestClient: HTMX partials, plain form posts, uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipcredit.standard.facts import FIELD_LABELS
from ipcredit.web.app import create_app
from ipcredit.web.settings import WebSettings

HX = {"HX-Request": "true"}
BASE = {"evaluation_date": "2026-03-15", "enterprise.name": "甲公司", "enterprise.credit_code": "91330106MA2B3C4D5D"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    """A browser-like client: it got the form (and so the CSRF cookie) before posting."""
    c = TestClient(create_app(WebSettings(max_upload_bytes=20_000)))
    page = c.get("/self-assessment").text
    c.headers["X-CSRF-Token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return c


def test_posts_without_the_csrf_token_are_refused():
    c = TestClient(create_app())
    c.get("/self-assessment")
    r = c.post("/self-assessment", data=BASE)
    assert r.status_code == 403 and "CSRF" in r.text
    r = c.post("/self-assessment", data={**BASE, "csrf_token": "forged"})
    assert r.status_code == 403


def test_form_shows_every_facts_field_with_its_chinese_label(client):
    r = client.get("/self-assessment")
    assert r.status_code == 200
    for path, label in FIELD_LABELS.items():
        assert f'name="{path}"' in r.text, path
        assert label.replace("（", "").split("（")[0][:4] in r.text
    assert 'hx-post="/self-assessment"' in r.text and "htmx-2.0.11.min.js" in r.text


def test_example_is_scored_on_the_page(client):
    r = client.get("/self-assessment", params={"example": "sample-a"})
    assert r.status_code == 200
    assert 'data-testid="total">91.4<' in r.text and ">AAA<" in r.text
    assert r.text.count('class="record"') == 3
    assert "<svg class=\"radar\"" in r.text


def test_htmx_post_returns_the_result_and_an_error_slot_for_every_field(client):
    r = client.post("/self-assessment", data={**BASE, "capacity.valid_invention_patents": "21"}, headers=HX)
    assert r.status_code == 200
    assert "<html" not in r.text
    assert 'data-testid="total">62<' in r.text        # 60 + C1 5/75×30 = 2.00
    slots = re.findall(r'id="(err-[^"]+)" hx-swap-oob="true"', r.text)
    assert "err-capacity-valid_invention_patents" in slots and "err-enterprise-credit_code" in slots
    assert all(re.search(rf'id="{s}" hx-swap-oob="true"></span>', r.text) for s in slots)


def test_htmx_post_with_problems_fills_the_slots(client):
    data = {**BASE, "enterprise.credit_code": "91330106MA2B3C4D50", "basic.ip_specialists": "两个",
            "rec.token": "t1", "rec.kind": "infringement", "rec.date": "2027-01-01", "rec.status": "verified"}
    r = client.post("/self-assessment", data=data, headers=HX)
    assert r.status_code == 200 and "尚不能计分" in r.text
    def slot(name):
        m = re.search(rf'id="{name}" hx-swap-oob="true">([^<]*)<', r.text)
        return m.group(1)
    assert "校验" in slot("err-enterprise-credit_code")
    assert "整数" in slot("err-basic-ip_specialists") or "数字" in slot("err-basic-ip_specialists")
    assert "晚于评价日" in slot("err-rec-t1-date")
    assert "deduction" in slot("err-rec-t1-deduction") and slot("err-rec-t1-reason")


def test_plain_post_without_javascript_gets_the_whole_page_with_inline_errors(client):
    r = client.post("/self-assessment", data={**BASE, "enterprise.name": " "})
    assert r.status_code == 200 and "<html" in r.text
    assert re.search(r'id="err-enterprise-name">不能为空', r.text)
    assert 'value="91330106MA2B3C4D5D"' in r.text


def test_weights_profile_changes_the_total(client):
    r = client.post("/self-assessment", data={**BASE, "profile": "weights"}, headers=HX)
    assert 'data-testid="total">35<' in r.text    # SPEC §2: no IP, clean record → 35 under weights


def test_record_row_partial(client):
    r = client.get("/self-assessment/record-row", params={"kind": "bad_record"})
    assert r.status_code == 200
    token = re.search(r'name="rec.token" value="([0-9a-f]+)"', r.text).group(1)
    assert f'id="err-rec-{token}-date"' in r.text
    assert re.search(r'<option value="bad_record" selected', r.text)


@pytest.mark.parametrize("content, name, expected", [
    (b"schema: ipcredit/facts-v1\nevaluation_date: [\n", "a.yaml", "YAML 格式错误"),
    (b"\xff\xfe\xfa", "b.yaml", "UTF-8"),
    (b"", "c.json", "文件为空"),
    (b"{}" + b" " * 30_000, "d.json", "文件超过"),
    (b'{"schema": "ipcredit/facts-v1"}', "e.json", "evaluation_date"),
])
def test_bad_uploads_are_listed_not_raised(client, content, name, expected):
    r = client.post("/self-assessment/upload", files={"facts_file": (name, content, "application/octet-stream")})
    assert r.status_code == 422
    box = re.search(r'id="upload-problems">(.*?)</div>', r.text, re.S).group(1)
    assert expected in box and name in box


def test_good_upload_fills_the_form(client, root: Path):
    path = root / "examples" / "demo.yaml"
    r = client.post("/self-assessment/upload", files={"facts_file": ("demo.yaml", path.read_bytes(), "application/yaml")})
    assert r.status_code == 200
    assert 'value="杭州示范智能装备有限公司"' in r.text
    assert r.text.count('class="record"') == 4 and "（2025）浙01民初123号" in r.text
