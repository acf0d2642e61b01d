"""User text in reports is text: WeasyPrint renders HTML, so an enterprise name, evaluator or
opinion carrying markup must come out as the literal characters (PDF and DOCX); characters XML
cannot hold never reach python-docx; a facts file with control characters in the name is
refused with a message naming the field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import docx
import pytest
from pypdf import PdfReader

from ipcredit.errors import InputError
from ipcredit.reports.meta import Agency, ReportMeta
from ipcredit.reports.service import Format, make_view, render
from ipcredit.reports.word import xml_safe
from ipcredit.standard import parse_facts
from ipcredit.yamlio import load_file

pytestmark = pytest.mark.slow   # one WeasyPrint PDF

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}javascript:alert(1)'


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile_view(root):
    doc = load_file(root / "examples" / "sample-a.yaml")
    doc["enterprise"]["name"] = PAYLOAD + "有限公司"
    meta = ReportMeta(agency=Agency(name="机构" + PAYLOAD), evaluators=(PAYLOAD,), opinions=(PAYLOAD,))
    return make_view(parse_facts(doc), meta.issued(report_number="ZXPJ-2026-0099", issue_date=dt.date(2026, 3, 20)))


def test_pdf_shows_markup_as_literal_text(hostile_view):
    pdf = render(hostile_view, Format.pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = squash("".join(page.extract_text() for page in reader.pages))
    # in the body (not only in the page headers, which are CSS strings): the cover table and the conclusion
    assert squash("受评对象名称" + PAYLOAD + "有限公司") in text
    assert squash(PAYLOAD + "有限公司的知识产权信用等级评定为") in text
    assert "/JavaScript" not in pdf.decode("latin-1") and "/JS" not in pdf.decode("latin-1")


def test_docx_shows_markup_as_literal_text(hostile_view):
    data = render(hostile_view, Format.docx)
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert any(PAYLOAD + "有限公司" in t for t in texts)


def test_docx_drops_characters_xml_cannot_hold(hostile_view):
    view = dataclasses.replace(hostile_view, enterprise="控制\x07字符\x1b公司")
    assert xml_safe(view).enterprise == "控制字符公司"
    d = docx.Document(io.BytesIO(render(view, Format.docx)))   # python-docx would raise ValueError
    assert any("控制字符公司" in p.text for p in d.paragraphs)


def test_control_characters_in_the_enterprise_name_are_refused(root):
    doc = load_file(root / "examples" / "sample-a.yaml")
    doc["enterprise"]["name"] = "示例\x00科技"
    with pytest.raises(InputError) as exc:
        parse_facts(doc)
    assert "enterprise.name" in exc.value.lines()[0] and "控制字符" in exc.value.lines()[0]
