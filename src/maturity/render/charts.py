"""Inline SVG charts (no JavaScript, no network): horizontal bars, a mini bar, a radar.

Colours are presentation attributes, not CSS classes (WeasyPrint does not style inline SVG from
the page's CSS). Every label is escaped here, so the templates can mark the returned SVG as safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

ROW = 26
LABEL_W = 150
BAR_W = 260
FONT = 'font-size="11" font-family="DejaVu Sans, Arial, sans-serif"'
INK, MUTED, ACCENT, RED, TRACK, LINE = "#1d2433", "#6b7385", "#2457c5", "#c0392b", "#eef1f6", "#dde1ea"


@dataclass
class Bar:
    label: str
    value: float
    max: float
    highlight: bool = False


def text(x: float, y: float, label: str, fill: str = INK, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" {FONT} fill="{fill}" text-anchor="{anchor}">{escape(label)}</text>'


def rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"/>'


def svg_open(cls: str, width: float, height: float, x0: float = 0, y0: float = 0) -> str:
    return (
        f'<svg class="chart {cls}" role="img" viewBox="{x0:g} {y0:g} {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" xmlns="http://www.w3.org/2000/svg">'
    )


def bars(items: list[Bar], minimum: float | None = None, scale: float | None = None) -> str:
    """Horizontal bars, value of max; ``minimum`` draws a dashed marker (the ML Test Score minimum)."""
    if not items:
        return ""
    top = scale or max(max((b.max for b in items), default=1.0), 1.0)
    height = ROW * len(items) + (24 if minimum is not None else 8)
    out = [svg_open("bars", LABEL_W + BAR_W + 60, height)]
    for i, b in enumerate(items):
        y = 4 + i * ROW
        full = BAR_W * b.max / top
        out.append(text(LABEL_W - 8, y + 15, b.label, anchor="end"))
        out.append(rect(LABEL_W, y + 3, full, 16, TRACK))
        out.append(rect(LABEL_W, y + 3, BAR_W * b.value / top, 16, RED if b.highlight else ACCENT))
        out.append(text(LABEL_W + full + 6, y + 15, f"{b.value:g}/{b.max:g}", MUTED))
    if minimum is not None:
        x = LABEL_W + BAR_W * minimum / top
        y2 = ROW * len(items) + 4
        dash = f'stroke="{RED}" stroke-width="2" stroke-dasharray="4 3"'
        out.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{y2}" {dash}/>')
        out.append(text(x, y2 + 14, f"minimum {minimum:g}", RED, "middle"))
    out.append("</svg>")
    return "".join(out)


def inline_bar(value: float, total: float, width: int = 90) -> str:
    """A small share bar for a table cell."""
    w = width * (value / total if total else 0)
    return (
        f'<svg class="mini" role="img" viewBox="0 0 {width} 10" width="{width}" height="10" '
        f'xmlns="http://www.w3.org/2000/svg">{rect(0, 0, width, 10, TRACK)}{rect(0, 0, w, 10, ACCENT)}</svg>'
    )


def radar(points: list[tuple[str, float]], size: int = 300) -> str:
    """A radar of shares in [0, 1]; meaningless below three axes, so it is then left out.

    Labels are set at 13 units and the box is as wide as the longest label needs, so the chart can be
    shown at about 60% of a printed page's width and still read at 8 points.
    """
    if len(points) < 3:
        return ""
    c, n = size / 2, len(points)
    r = c - 24
    pad = max(len(label) for label, _ in points) * 7.5 + 12

    def at(i: int, k: float) -> tuple[float, float]:
        a = -math.pi / 2 + 2 * math.pi * i / n
        return c + k * r * math.cos(a), c + k * r * math.sin(a)

    def poly(ks: list[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, k) for i, k in enumerate(ks)))

    font = 'font-size="13" font-family="DejaVu Sans, Arial, sans-serif"'
    out = [svg_open("radar", size + 2 * pad, size + 24, -pad, -12)]
    for ring in (0.25, 0.5, 0.75, 1.0):
        out.append(f'<polygon points="{poly([ring] * n)}" fill="none" stroke="{LINE}"/>')
    for i, (label, _) in enumerate(points):
        x, y = at(i, 1.0)
        lx, ly = at(i, 1.08)
        anchor = "middle" if abs(lx - c) < 8 else "start" if lx > c else "end"
        dy = -4 if ly < c - r * 0.9 else 12 if ly > c + r * 0.9 else 4
        out.append(f'<line x1="{c}" y1="{c}" x2="{x:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
        out.append(f'<text x="{lx:.1f}" y="{ly + dy:.1f}" {font} fill="{INK}" text-anchor="{anchor}">'
                   f"{escape(label)}</text>")  # fmt: skip
    area = f'fill="{ACCENT}" fill-opacity="0.25" stroke="{ACCENT}" stroke-width="2"'
    out.append(f'<polygon points="{poly([max(v, 0.02) for _, v in points])}" {area}/></svg>')
    return "".join(out)
