"""Rendered files: text, fonts, pages, draft marks, DOCX content; page 1 as PNG for review."""

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from ipcredit.reports.meta import Agency, ReportMeta, draft_meta
from ipcredit.reports.service import Format, make_view, render, render_certificate
from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file


def pdf_text(path: Path) -> str:
    """Text in content order (pypdf keeps a table row's cells together, pdftotext may not)."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Without any white space: table cells wrap and letter-spacing adds spaces."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def facts(root):
    return parse_facts(load_file(root / "examples" / "sample-a.yaml"))


@pytest.fixture(scope="module")
def view(root, facts):
    meta = ReportMeta(agency=Agency(name="浙江知信信用评价有限公司", filing_number="浙信备 2025-0031",
                                    seal_path=root / "examples" / "demo-seal.png"),
                      evaluators=("张明（项目负责人）", "李华", "王芳"), opinions=("该企业知识产权信用优秀。",))
    return make_view(facts, meta.issued(report_number="ZXPJ-2026-0012", issue_date=dt.date(2026, 3, 20)))


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory, view, artifacts):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render(view, Format.pdf))
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(artifacts / "report-page1")], check=True)
    return path


def test_pdf_text_has_every_cover_field(pdf_file, view):
    text = squash(pdf_text(pdf_file))
    for label, value in view.cover:
        assert squash(label) in text, label
        assert squash(value) in text, value
    for expected in ("主要评价观点", "该企业知识产权信用优秀。", "信用服务机构对本报告内容的真实性和合法性承担法律责任",
                     f"验证码：{view.verification_code}", "信用优秀"):
        assert squash(expected) in text, expected


def test_pdf_text_has_every_indicator_line(pdf_file, facts):
    flat = squash(pdf_text(pdf_file))
    for ind in evaluate(facts).indicators:
        line = squash(f"{ind.id}{ind.name}{ind.points:.2f}/{ind.max.normalize():f}{ind.reason}")
        assert line in flat, ind.id


def test_pdf_embeds_one_cjk_family(pdf_file):
    out = subprocess.run(["pdffonts", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    fonts = [line.split() for line in out.splitlines()[2:]]
    assert fonts and all("Noto-Sans-CJK-SC" in f[0] for f in fonts)
    assert all(f[-5] == "yes" and f[-4] == "yes" for f in fonts), out  # embedded, subset
    assert len(fonts) <= 2  # regular + bold


def test_pdf_pages_and_statements(pdf_file, view):
    reader = PdfReader(pdf_file)
    assert 4 <= len(reader.pages) <= 6
    assert f"ipcredit-verify:{view.verification_code}" in reader.metadata["/Keywords"]
    last = reader.pages[-1].extract_text().replace(" ", "").replace("\n", "")
    assert "重要说明" in last and "有效期为三年" in last
    assert (Path(pdf_file).stat().st_size) < 1_500_000


def test_draft_is_marked_on_every_page(tmp_path, facts):
    path = tmp_path / "draft.pdf"
    path.write_bytes(render(make_view(facts, draft_meta(dt.date(2026, 3, 20))), Format.pdf))
    reader = PdfReader(path)
    for page in reader.pages:
        assert "草稿 / 非正式报告" in page.extract_text()
    assert "ipcredit-verify:" not in str(reader.metadata.get("/Keywords"))


def test_certificate_is_one_page_with_grade_and_code(tmp_path, view, artifacts):
    path = tmp_path / "cert.pdf"
    path.write_bytes(render_certificate(view))
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = squash(reader.pages[0].extract_text())
    for expected in ("知识产权信用等级证书", "示例科技有限公司", "AAA", "ZXPJ-2026-0012", view.verification_code,
                     "2029年3月19日"):
        assert squash(expected) in text, expected
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(artifacts / "certificate")], check=True)


def test_docx_has_cover_tables_statements_and_east_asian_font(view, facts):
    doc = docx.Document(io.BytesIO(render(view, Format.docx)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for label, value in view.cover:
        assert label in cells and value in cells
    for ind in evaluate(facts).indicators:
        assert ind.reason in cells and ind.id in cells
    for s in view.statements:
        assert s in text
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    assert view.verification_code in doc.sections[0].footer.paragraphs[0].text
    assert len(doc.inline_shapes) == 2  # QR code and seal


def test_docx_draft_header_says_draft(facts):
    doc = docx.Document(io.BytesIO(render(make_view(facts, draft_meta()), Format.docx)))
    assert doc.sections[0].header.paragraphs[0].text.startswith("草稿 / 非正式报告")
    assert "草稿 / 非正式报告" in "\n".join(p.text for p in doc.paragraphs)


def test_rendering_does_not_block_the_event_loop(view):
    import asyncio

    from ipcredit.reports.service import render_async

    async def main():
        ticks = 0
        task = asyncio.ensure_future(render_async(view, Format.pdf))
        while not task.done():
            ticks += 1
            await asyncio.sleep(0.005)
        return ticks, task.result()

    ticks, pdf = asyncio.run(main())
    assert pdf.startswith(b"%PDF-")
    assert ticks >= 3, "the loop kept running while the PDF was rendered on the worker thread"


def test_weasyprint_subsets_fonts_with_harfbuzz():
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools: ~20× slower (performance.md)."""
    import weasyprint.pdf.fonts as fonts

    assert fonts.harfbuzz_subset is not None, "install libharfbuzz-subset0 (scripts/debian-packages.txt)"
