"""DOCX from the same `ReportView` (python-docx), East Asian fonts set through ``w:eastAsia``.

Word cannot show inline SVG, so the charts become tables: the dimension table and a bar
column of block characters per indicator; the QR code is a PNG made by segno.
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import segno
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ipcredit.reports.view import ReportView, cn_date

BODY_FONT = "宋体"          # SimSun: present wherever Chinese Word documents are read
HEADING_FONT = "黑体"       # SimHei
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xA4, 0x26, 0x2C)
BAR_CELLS = 20


def _fonts(style_or_run, east_asia: str, latin: str = LATIN_FONT) -> None:
    font = style_or_run.font
    font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _setup(doc) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        _fonts(doc.styles[name], HEADING_FONT)
        doc.styles[name].font.color.rgb = RGBColor(0x14, 0x26, 0x3A)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Mm(297), Mm(210)
    sec.left_margin = sec.right_margin = Mm(20)


def _header_footer(doc, view: ReportView) -> None:
    sec = doc.sections[0]
    head = f"{view.title} · 报告编号 {view.meta.report_number}"
    if view.draft:
        head = f"{view.draft_mark} · " + head
    sec.header.paragraphs[0].text = head
    foot = (f"{view.draft_mark} — 未经信用服务机构出具，不得作为信用证明" if view.draft
            else f"验证码 {view.verification_code} · {view.verify_url}")
    sec.footer.paragraphs[0].text = foot


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc, header: list[str] | None, rows: list[list[str]], widths: tuple[int, ...]):
    """A grid table, ``widths`` in mm (A4 less margins = 170 mm); header row bold and shaded."""
    table = doc.add_table(rows=0, cols=len(widths), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)  # the grid: what LibreOffice and WPS lay out by
    for k, row in enumerate(([header] if header else []) + rows):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths):
            cell.width = Mm(width)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
                run.bold = bool(header and k == 0)
            if header and k == 0:
                _shade(cell, "EEF1F5")
    return table


def _centered(doc, text: str, size: int, bold: bool = False, color: RGBColor | None = None) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _cover(doc, view: ReportView) -> None:
    _centered(doc, view.meta.agency.name, 12)
    _centered(doc, view.title, 24, bold=True)
    if view.draft:
        _centered(doc, view.draft_mark, 16, bold=True, color=RED)
    _centered(doc, view.enterprise, 16, bold=True)
    _centered(doc, f"{view.grade}  {view.grade_label} · {view.total} 分", 22, bold=True, color=RED)
    _table(doc, None, [[k, v] for k, v in view.cover] + [["信用提示", f"{view.grade_label}：{view.grade_description}"]],
           (45, 125))
    doc.add_heading("主要评价观点", level=2)
    for o in view.opinions:
        doc.add_paragraph(o)
    doc.add_paragraph().add_run(f"法律责任：{view.legal_statement}").bold = True
    if view.qr_svg and view.verify_url:
        png = io.BytesIO()
        segno.make(view.verify_url, error="m").save(png, kind="png", scale=4, border=1)
        png.seek(0)
        doc.add_picture(png, width=Mm(26))
        doc.add_paragraph(f"验证码：{view.verification_code}；核验：{view.verify_url}")
    else:
        doc.add_paragraph("本文件为草稿（企业自评或出具前预览），未经信用服务机构出具，无报告编号与验证码，不具有信用证明效力。")
    if view.meta.agency.seal_path:
        doc.add_picture(str(view.meta.agency.seal_path), width=Mm(38))
    doc.add_page_break()


def _bar(points: str, full: str) -> str:
    share = float(points) / float(full) if float(full) else 0.0
    filled = round(share * BAR_CELLS)
    return "█" * filled + "░" * (BAR_CELLS - filled)


def _body(doc, view: ReportView) -> None:
    doc.add_heading("一、企业概况", level=1)
    _table(doc, None, [[k, v] for k, v in view.overview], (45, 125))
    doc.add_heading("二、评价结果概览", level=1)
    dims = view.dimensions + [view.behaviour]
    _table(doc, ["评价维度", "原始分", "得分 / 满分"],
           [[d.name, f"{d.raw} / {d.raw_max}", f"{d.score} / {d.max}"] for d in dims] + [["总分", "", f"{view.total} / 100"]],
           (70, 50, 50))
    doc.add_paragraph(f"知识产权信用等级：{view.grade}（{view.grade_label}）")
    for n, d in zip(("三", "四"), view.dimensions):
        doc.add_heading(f"{n}、{d.name}（{d.score} / {d.max} 分）", level=1)
        _table(doc, ["指标", "评价内容", "得分 / 满分", "理由"], [[r.id, r.name, f"{r.points} / {r.full}", r.reason] for r in d.rows],
               (12, 52, 20, 86))
    b = view.behaviour
    doc.add_heading(f"五、{b.name}（{b.score} / {b.max} 分）", level=1)
    doc.add_paragraph(f"信用行为记录以 60 分为起点，良好记录加分、不良记录减分，结果保持在 0–60 分之间；本次原始分 {b.raw}。")
    if view.records:
        _table(doc, ["#", "日期", "规则", "事项", "状态", "增减", "说明"],
               [[str(r.no), r.date, r.rule, r.title, r.status, r.points, r.reason] for r in view.records],
               (8, 22, 32, 28, 14, 12, 54))
    else:
        doc.add_paragraph("评价期间内无良好或不良信用行为记录。")


def _outlook(doc, view: ReportView) -> None:
    o = view.outlook
    doc.add_heading("六、综合评述与展望", level=1)
    doc.add_paragraph(o.summary)
    for title, items in (("优势", o.strengths), ("不足", o.weaknesses),
                         ("可能提升等级的因素", o.upgrade), ("可能导致等级下调的因素", o.downgrade)):
        doc.add_heading(title, level=2)
        for item in items or ["无。"]:
            doc.add_paragraph(item, style="List Bullet")


def _conclusion(doc, view: ReportView) -> None:
    doc.add_heading("七、评价结论", level=1)
    doc.add_paragraph("知识产权信用评价人员根据附录 A 评价要素指标得出的各项得分值如下（理由见第三至五部分）：")
    rows = [[r.id, r.name, f"{r.points} / {r.full}", _bar(r.points, r.full)] for d in view.dimensions for r in d.rows]
    _table(doc, ["指标", "评价内容", "得分 / 满分", "得分率"], rows, (12, 78, 20, 60))
    if view.panel_note:
        doc.add_paragraph(view.panel_note)
    basis = "根据附录 B 及评审委员会决议" if view.panel_note else "根据附录 B"
    doc.add_paragraph().add_run(f"基于上述分值，{basis}，{view.enterprise}的知识产权信用等级评定为 {view.grade}"
                                f"（{view.grade_label}），总分 {view.total} 分。").bold = True
    doc.add_heading("八、重要说明", level=1)
    for s in view.statements:
        doc.add_paragraph(s, style="List Number")
    for line in (view.meta.agency.name, f"报告出具时间：{cn_date(view.meta.issue_date)}"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """The view with characters XML (hence DOCX) cannot hold removed from every string —
    text typed into the workflow reaches reports; python-docx would refuse it."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    return value


def render_docx(view: ReportView) -> bytes:
    """The report as a .docx file's bytes."""
    view = xml_safe(view)
    doc = Document()
    _setup(doc)
    _header_footer(doc, view)
    _cover(doc, view)
    _body(doc, view)
    _outlook(doc, view)
    _conclusion(doc, view)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
