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
    totals = results.column("total")
    grades = results.column("grade").to_pylist()
    bands = sorted(model.grades, key=lambda g: g.min, reverse=True)
    counts = [(g.grade, g.label, grades.count(g.grade)) for g in bands]
    lows = pc.cast(pc.floor(pc.divide(pc.cast(totals, pa.float64()), BIN_WIDTH)), pa.int64()).to_pylist()
    bins = [(lo * BIN_WIDTH, sum(1 for v in lows if min(v, 9) == lo)) for lo in range(10)]
    mean = None
    if results.num_rows:
        mean = (sum(totals.to_pylist(), Decimal(0)) / results.num_rows).quantize(Decimal("0.01"))
    codes = {c for c in problems.column("credit_code").to_pylist() if c} if problems.num_rows else set()
    return Summary(results.num_rows, len(codes), counts, bins, mean)


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
