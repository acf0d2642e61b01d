import datetime as dt
import re
from decimal import Decimal

import pytest

from ipcredit.reports.charts import Bar, bars_svg, radar_svg
from ipcredit.reports.meta import Agency, ReportMeta, draft_meta
from ipcredit.reports.render import render_html
from ipcredit.reports.service import make_view
from ipcredit.reports.view import STATEMENTS
from ipcredit.standard import evaluate, parse_facts
from ipcredit.yamlio import load_file


@pytest.fixture(scope="module")
def facts(root):
    return parse_facts(load_file(root / "examples" / "sample-a.yaml"))


@pytest.fixture(scope="module")
def demo(root):
    return parse_facts(load_file(root / "examples" / "demo.yaml"))


def issued_meta():
    meta = ReportMeta(agency=Agency(name="测试信用评价有限公司", filing_number="备-2025-01"), evaluators=("张三", "李四"))
    return meta.issued(report_number="T-2026-001", issue_date=dt.date(2026, 3, 20), code="ABCD-EFGH-JKMN")


def test_cover_has_every_field_of_5_4_2(facts):
    view = make_view(facts, issued_meta())
    cover = dict(view.cover)
    assert cover["报告编号"] == "T-2026-001"
    assert cover["执行标准"].startswith("T/CFIE 002—2023")
    assert cover["受评对象名称"] == "示例科技有限公司"
    assert cover["信用服务机构名称"] == "测试信用评价有限公司"
    assert cover["信用服务机构备案证号"] == "备-2025-01"
    assert cover["报告出具时间"] == "2026年3月20日"
    assert cover["知识产权信用评价人员"] == "张三、李四"
    assert cover["报告有效期限"] == "2026年3月20日 至 2029年3月19日"
    assert cover["知识产权信用等级"] == "AAA（信用优秀）"
    assert view.opinions and view.legal_statement.endswith("承担法律责任。")
    assert len(view.statements) == 7


def test_view_carries_every_indicator_and_record(facts):
    ev = evaluate(facts)
    view = make_view(facts, issued_meta())
    rows = {r.id: r for d in view.dimensions for r in d.rows}
    assert sorted(rows) == sorted(i.id for i in ev.indicators)
    b2 = ev.indicator("B2")
    assert rows["B2"].reason == b2.reason and rows["B2"].points == "10.00"
    assert [r.points for r in view.records] == ["+10", "0", "-6"]
    assert view.behaviour.raw == "64.00" and view.total == "91.40"  # scores to 2 decimals (SPEC §2)


def test_outlook_for_aa_names_the_path_to_aaa(demo):
    view = make_view(demo, draft_meta(dt.date(2026, 3, 20)))
    up = view.outlook.upgrade
    assert up[0].startswith("距 AAA 级（≥ 80 分）尚差 6.29 分")
    assert len(up) > 1
    assert view.outlook.weaknesses, "an AA demo has indicators below half marks"
    assert "高出 AA 级下限 60 分 13.71 分" in view.outlook.downgrade[0]


def test_draft_has_no_code_no_qr_and_marks(facts):
    view = make_view(facts, draft_meta(dt.date(2026, 3, 20)))
    assert view.draft and view.qr_svg is None and view.verification_code is None
    html = render_html(view)
    assert html.count("草稿 / 非正式报告") >= 2 and "草稿 非正式报告" in html  # banner, running header, watermark
    assert "ipcredit-verify:" not in html


def test_issued_html_has_qr_code_and_keywords(facts):
    html = render_html(make_view(facts, issued_meta()))
    assert "ipcredit-verify:ABCD-EFGH-JKMN" in html
    assert "/verify/ABCD-EFGH-JKMN" in html and "<svg" in html
    for s in STATEMENTS:
        assert s in html


def test_running_header_text_is_css_escaped(facts):
    meta = ReportMeta(report_number='A"B\\C</style>', draft=True)
    html = render_html(make_view(facts, meta))
    assert 'content: "报告编号 A\\"B\\\\C\\3c /style>"' in html


def test_radar_scales_each_axis_by_its_share():
    svg = radar_svg([("甲", Decimal(10), Decimal(10)), ("乙", Decimal(0), Decimal(30)), ("丙", Decimal(30), Decimal(60))])
    data = re.findall(r'<polygon points="([^"]+)" fill="#a4262c"', svg)[0].split()
    pts = [tuple(map(float, p.split(","))) for p in data]
    cx, cy = 190.0, 162.0
    r = 300 * 0.32
    assert pts[0] == pytest.approx((cx, cy - r), abs=0.1)        # full share at the top vertex
    assert pts[1] == pytest.approx((cx, cy), abs=0.1)            # zero share at the centre
    assert abs(pts[2][1] - cy) == pytest.approx(r * 0.5 * 0.5, abs=0.1)
    assert "甲" in svg and "30 / 60" in svg


def test_bars_width_is_proportional_and_labels_are_cut():
    svg = bars_svg([Bar("B1 很长很长很长很长很长很长很长很长的指标名称", Decimal(3), Decimal(4)), Bar("C1 短", Decimal(0), Decimal(5))])
    widths = [float(w) for w in re.findall(r'<rect x="230" y="[\d.]+" width="([\d.]+)" height="12" fill="#2f5d8a"', svg)]
    track = 640 - 230 - 60
    assert widths == [pytest.approx(track * 0.75, abs=0.1), 0.0]
    assert "…" in svg and "C1 短" in svg


def test_panel_grade_that_differs_is_shown_with_its_reasons(demo):
    from ipcredit.standard import bundled_model

    aaa = next(g for g in bundled_model().grades if g.grade == "AAA")
    view = make_view(demo, issued_meta(), decided=aaa, panel_reasons="核心专利价值被低估")
    assert view.grade == "AAA" and dict(view.cover)["知识产权信用等级"] == "AAA（信用优秀）"
    assert view.panel_note.startswith("评审委员会决议等级为 AAA") and "AA 不同" in view.panel_note
    assert view.opinions[0] == view.panel_note and "核心专利价值被低估" in view.panel_note
    assert "及评审委员会决议" in render_html(view)
    same = make_view(demo, issued_meta(), decided=next(g for g in bundled_model().grades if g.grade == "AA"))
    assert same.panel_note is None and same.grade == "AA"
