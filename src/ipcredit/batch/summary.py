"""The summary of a batch run: grade distribution, score histogram (SVG, Chinese labels)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

import pyarrow as pa
import pyarrow.compute as pc

from ipcredit.standard.model import Model

BIN_WIDTH = 10
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
COLOURS = {0: "#d9822b", 1: "#2b7bb9", 2: "#2e9e5b"}  # lowest … highest grade


@dataclass(frozen=True)
class Summary:
    scored: int
    with_problems: int
    grades: list[tuple[str, str, int]]     # (grade, label, count), best first
    bins: list[tuple[int, int]]            # (lower bound, count) for [lo, lo + 10), last bin [90, 100]
    mean: Decimal | None


def summarise(results: pa.Table, problems: pa.Table, model: Model) -> Summary:
    """Counts per grade and per bin of 10 points, the exact mean total (Arrow kernels: a
    million rows take milliseconds, not a Python loop over every row)."""
    totals = results.column("total")
    per_grade = _counts(results.column("grade"))
    bands = sorted(model.grades, key=lambda g: g.min, reverse=True)
    counts = [(g.grade, g.label, per_grade.get(g.grade, 0)) for g in bands]
    lows = pc.cast(pc.floor(pc.divide(pc.cast(totals, pa.float64()), BIN_WIDTH)), pa.int64())
    per_bin = _counts(pc.min_element_wise(lows, 9)) if results.num_rows else {}
    bins = [(lo * BIN_WIDTH, per_bin.get(lo, 0)) for lo in range(10)]
    mean = None
    if results.num_rows:
        # the totals are decimal64 (`duck.cents_to_decimal`), which Arrow cannot sum: widen first
        total = pc.sum(pc.cast(totals, pa.decimal128(38, totals.type.scale))).as_py()
        mean = (Decimal(total) / results.num_rows).quantize(Decimal("0.01"))
    codes = {c for c in pc.unique(problems.column("credit_code")).to_pylist() if c} if problems.num_rows else set()
    return Summary(results.num_rows, len(codes), counts, bins, mean)


def _counts(values) -> dict:
    """value → number of rows (nulls left out)."""
    pairs = pc.value_counts(values)
    return {v: n for v, n in zip(pairs.field("values").to_pylist(), pairs.field("counts").to_pylist()) if v is not None}


def _bar_colour(lo: int, model: Model) -> str:
    bands = sorted(model.grades, key=lambda g: g.min)
    rank = max(i for i, g in enumerate(bands) if lo >= g.min)
    return COLOURS.get(min(rank, 2), "#777777")


def histogram_svg(summary: Summary, model: Model, title: str = "总分分布 / Score distribution") -> str:
    """A bar chart of the totals in bins of 10 points, coloured by grade band."""
    width, height, left, bottom, top = 720, 440, 70, 60, 80
    plot_w, plot_h = width - left - 30, height - top - bottom
    peak = max((c for _, c in summary.bins), default=0) or 1
    bar_w = plot_w / len(summary.bins)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{FONT}">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="28" text-anchor="middle" font-size="18">{escape(title)}</text>']
    for i, (lo, count) in enumerate(summary.bins):
        h = plot_h * count / peak
        x, y = left + i * bar_w + 4, top + plot_h - h
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 8:.1f}" height="{h:.1f}" fill="{_bar_colour(lo, model)}">'
                   f'<title>{lo}–{lo + BIN_WIDTH} 分：{count} 家</title></rect>')
        out.append(f'<text x="{x + (bar_w - 8) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{count}</text>')
        out.append(f'<text x="{left + i * bar_w:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12">{lo}</text>')
    out.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12">100</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 15}" text-anchor="middle" font-size="13">总分（分）/ total</text>')
    out.append(f'<text x="18" y="{top + plot_h / 2}" text-anchor="middle" font-size="13" '
               f'transform="rotate(-90 18 {top + plot_h / 2})">企业数（家）/ enterprises</text>')
    legend = "　".join(f"{g} {escape(label)} {n} 家" for g, label, n in summary.grades)
    out.append(f'<text x="{width / 2}" y="48" text-anchor="middle" font-size="13" fill="#444">{legend}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
