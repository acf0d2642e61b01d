"""Hand-written SVG charts with Chinese labels: a radar of the dimensions, bars of indicators.

Plain SVG text (no library): WeasyPrint draws it with the report's one font family, so the
labels render with the same embedded CJK font as the body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from ipcredit.standard.decimals import fmt_number

FONT = "Noto Sans CJK SC"
INK = "#1f2d3d"
ACCENT = "#a4262c"
GRID = "#c9d1db"
BAR = "#2f5d8a"
LABEL_CHARS = 20


@dataclass(frozen=True)
class Bar:
    label: str
    points: Decimal
    full: Decimal


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A chart label cut to ``limit`` characters with an ellipsis (the table has the full name)."""
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _share(points: Decimal, full: Decimal) -> float:
    return float(points / full) if full else 0.0


def _vertex(cx: float, cy: float, r: float, k: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / n
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _polygon(cx: float, cy: float, r: float, shares: list[float]) -> str:
    n = len(shares)
    return " ".join("{:.1f},{:.1f}".format(*_vertex(cx, cy, r * s, k, n)) for k, s in enumerate(shares))


def radar_svg(axes: list[tuple[str, Decimal, Decimal]], size: int = 300) -> str:
    """Radar of (label, score, max) axes; rings at 25 % steps; labels outside the vertices."""
    width = size + 80
    cx, cy, r = width / 2, size / 2 + 12, size * 0.32
    n = len(axes)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" '
             f'viewBox="0 0 {width} {size}" font-family="{FONT}" font-size="11">']
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(f'<polygon points="{_polygon(cx, cy, r, [ring] * n)}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
    for k in range(n):
        x, y = _vertex(cx, cy, r, k, n)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.8"/>')
    shares = [_share(score, full) for _, score, full in axes]
    parts.append(f'<polygon points="{_polygon(cx, cy, r, shares)}" fill="{ACCENT}" fill-opacity="0.22" '
                 f'stroke="{ACCENT}" stroke-width="1.6"/>')
    for k, (label, score, full) in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * k / n
        x, y = cx + (r + 22) * math.cos(angle), cy + (r + 22) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        y0 = y - 4 if math.sin(angle) < 0 else y + 6
        parts.append(f'<text x="{x:.1f}" y="{y0:.1f}" text-anchor="{anchor}" fill="{INK}">{escape(label)}</text>')
        parts.append(f'<text x="{x:.1f}" y="{y0 + 14:.1f}" text-anchor="{anchor}" fill="{ACCENT}">'
                     f'{fmt_number(score)} / {fmt_number(full)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(bars: list[Bar], width: int = 640, row: int = 19) -> str:
    """Horizontal bars: each indicator's points against its full marks (grey track)."""
    label_w, value_w = 230, 60
    track = width - label_w - value_w
    height = row * len(bars) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="10">']
    for tick in (0, 25, 50, 75, 100):
        x = label_w + track * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#6b7785">{tick}%</text>')
    for k, b in enumerate(bars):
        y = 6 + k * row
        w = track * _share(b.points, b.full)
        parts.append(f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" fill="{INK}">{escape(short(b.label))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{track}" height="{row - 7}" fill="#eef1f5"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 7}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + track + 6}" y="{y + 11}" fill="{INK}">'
                     f'{fmt_number(b.points)} / {fmt_number(b.full)}</text>')
    parts.append("</svg>")
    return "".join(parts)
