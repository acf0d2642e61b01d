"""A radar chart as inline SVG (no JavaScript, no chart library): one axis per dimension."""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from markupsafe import Markup

from ipcredit.standard.decimals import fmt_number


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_svg(axes: list[tuple[str, Decimal, Decimal]], width: int = 440, height: int = 250,
              title: str = "雷达图") -> Markup:
    """``axes`` = (label, score, max); each axis shows score / max from the centre outwards."""
    n = len(axes)
    if n == 3:  # a triangle reaches r above the centre and r/2 below it
        r = (height - 80) / 1.5
        cx, cy = width / 2, r + 45
    else:
        r = height / 2 - 45
        cx, cy = width / 2, height / 2
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]
    parts = [f'<svg class="radar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_pts = [_point(cx, cy, r * ring, a) for a in angles]
        parts.append(f'<polygon class="radar-grid" points="{_polygon(ring_pts)}"/>')
    for a in angles:
        x, y = _point(cx, cy, r, a)
        parts.append(f'<line class="radar-axis" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
    shares = [float(score / top) if top else 0.0 for _, score, top in axes]
    data = [_point(cx, cy, r * max(0.0, min(1.0, s)), a) for s, a in zip(shares, angles)]
    parts.append(f'<polygon class="radar-area" points="{_polygon(data)}"/>')
    for (x, y) in data:
        parts.append(f'<circle class="radar-dot" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
    for (label, score, top), a in zip(axes, angles):
        x, y = _point(cx, cy, r + 22, a)
        y = y - 6 if math.sin(a) < -0.5 else y + 6
        anchor = "middle" if abs(math.cos(a)) < 0.3 else ("start" if math.cos(a) > 0 else "end")
        parts.append(f'<text class="radar-label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
        parts.append(f'<text class="radar-value" x="{x:.1f}" y="{y + 17:.1f}" text-anchor="{anchor}">'
                     f'{fmt_number(score)} / {fmt_number(top)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
