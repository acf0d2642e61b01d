"""The self-assessment form ↔ facts-v1 document, and the radar chart (pure, no server)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from ipcredit.standard import evaluate, parse_facts
from ipcredit.web.facts_form import error_target, form_to_document, state_from_document
from ipcredit.web.radar import radar_svg
from ipcredit.web.selfassess import _StateForm
from ipcredit.yamlio import load_file


class Form:
    """A submitted form: each key maps to the list of its values, as browsers send them."""

    def __init__(self, **fields: str | list[str]):
        self.data = {k.replace("__", "."): v if isinstance(v, list) else [v] for k, v in fields.items()}

    def get(self, key, default=None):
        values = self.data.get(key)
        return values[0] if values else default

    def getlist(self, key):
        return list(self.data.get(key, []))


BASE = dict(evaluation_date="2026-03-15", enterprise__name="甲公司", enterprise__credit_code="91330106MA2B3C4D5D")


def test_form_fields_become_typed_facts():
    form = Form(**BASE, basic__ip_department="on", basic__ip_specialists="3",
                basic__rd_staff_ratio=["12", "", "13.5"], capacity__pledge_wan="1,500.5",
                capacity__trade_secret__internal="on")
    doc, problems, tokens = form_to_document(form)
    assert problems == [] and tokens == []
    facts = parse_facts(doc)
    assert facts.basic.ip_department is True and facts.basic.ip_specialists == 3
    assert facts.basic.rd_staff_ratio == [Decimal("0.12"), Decimal("0.135")]
    assert facts.capacity.pledge_wan == Decimal("1500.5")
    assert facts.capacity.trade_secret.internal is True and facts.capacity.trade_secret.external is False
    assert facts.basic.ip_lawyer is False


def test_form_problems_name_the_field():
    form = Form(**BASE, basic__ip_specialists="2.5", capacity__other_ip="十二",
                basic__rd_expense_ratio=["120"], capacity__dispute_gain_wan="abc")
    _, problems, _ = form_to_document(form)
    by_path = {p.path: p.message for p in problems}
    assert "整数" in by_path["basic.ip_specialists"]
    assert "数字" in by_path["capacity.other_ip"]
    assert "0 到 100" in by_path["basic.rd_expense_ratio[0]"]
    assert "数字" in by_path["capacity.dispute_gain_wan"]


def test_record_rows_map_to_records_and_their_errors_to_the_row_token():
    form = Form(**BASE, **{"rec.token": ["aa11", "bb22"], "rec.kind": ["national_award", "infringement"],
                           "rec.date": ["2025-01-01", "2025-02-01"], "rec.title": ["中国专利奖", ""],
                           "rec.category": ["", ""], "rec.status": ["verified", "unverified"],
                           "rec.deduction": ["", "x"], "rec.reason": ["", ""], "rec.repaired_on": ["", ""]})
    doc, problems, tokens = form_to_document(form)
    assert tokens == ["aa11", "bb22"]
    assert doc["records"][0] == {"kind": "national_award", "date": "2025-01-01", "title": "中国专利奖"}
    assert doc["records"][1]["status"] == "unverified"
    assert [p.path for p in problems] == ["records[1].deduction"]
    assert error_target("records[1].deduction", tokens) == "err-rec-bb22-deduction"
    assert error_target("records[5].date", tokens) is None
    assert error_target("basic.rd_staff_ratio[2]", tokens) == "err-basic-rd_staff_ratio"
    assert error_target("enterprise.credit_code", tokens) == "err-enterprise-credit_code"
    assert error_target("", tokens) is None


def test_a_document_shown_in_the_form_scores_the_same(root: Path):
    for name in ("sample-a.yaml", "demo.yaml"):
        facts = parse_facts(load_file(root / "examples" / name))
        state = state_from_document(facts.to_document(), "weights")
        doc, problems, _ = form_to_document(_StateForm(state))
        assert problems == []
        again = parse_facts(doc)
        assert evaluate(again).to_json() == evaluate(facts).to_json()
        assert again.to_document() == facts.to_document()


def test_radar_svg_scales_each_axis_and_escapes_labels():
    svg = str(radar_svg([("基本<情况>", Decimal(5), Decimal(10)), ("保障", Decimal(30), Decimal(30)),
                         ("行为", Decimal(0), Decimal(60))], title="雷达"))
    assert svg.startswith("<svg") and "基本&lt;情况&gt;" in svg and "<title>雷达</title>" in svg
    area = re.search(r'class="radar-area" points="([^"]+)"', svg).group(1)
    grid = re.findall(r'class="radar-grid" points="([^"]+)"', svg)[-1]   # the full-marks ring
    cx = cy = None
    pts = [tuple(map(float, p.split(","))) for p in area.split()]
    full = [tuple(map(float, p.split(","))) for p in grid.split()]
    # the axis at 0 points sits at the centre; the full one on the outer ring; the half one half-way
    cx, cy = pts[2]
    assert pts[1] == full[1]
    half = ((pts[0][0] - cx) ** 2 + (pts[0][1] - cy) ** 2) ** 0.5
    outer = ((full[0][0] - cx) ** 2 + (full[0][1] - cy) ** 2) ** 0.5
    assert abs(half - outer / 2) < 0.2
    assert "5 / 10" in svg and "30 / 30" in svg
