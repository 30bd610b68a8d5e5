"""Inline SVG for the portfolio: the practice heat map, labelled bars (level distribution, lifts), a trend.

Same rules as :mod:`maturity.render.charts`: presentation attributes, no scripts, every label escaped.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from maturity.render.charts import ACCENT, FONT, INK, LINE, MUTED, TRACK, rect, svg_open, text

CELL = 16
ROW_LABEL_W = 210
HEAD_H = 190
STATUS_FILL = {
    "met": "#1f8a4c",
    "inferred": "#5fae7f",
    "partial": "#d18b00",
    "unmet": "#c0392b",
    "unknown": "#d5d9e1",
    "not_applicable": TRACK,
}


def share_fill(share: float | None) -> str:
    """Red (0) through amber to green (1); grey when nothing is known."""
    if share is None:
        return STATUS_FILL["unknown"]
    stops = [(0.0, (192, 57, 43)), (0.5, (209, 139, 0)), (1.0, (31, 138, 76))]
    for (a, ca), (b, cb) in pairwise(stops):
        if share <= b:
            t = (share - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#1f8a4c"


def _clip(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def heatmap(rows: list[tuple[str, list[tuple[str, str, str]]]], columns: list[str]) -> str:
    """``rows``: (label, cells) with cells (fill, title, short text); ``columns``: the column labels."""
    width = ROW_LABEL_W + CELL * len(columns) + 8
    height = HEAD_H + CELL * len(rows) + 4
    out = [svg_open("heatmap", width, height)]
    for j, col in enumerate(columns):
        x = ROW_LABEL_W + j * CELL + CELL / 2 + 4
        out.append(
            f'<text transform="translate({x:.1f},{HEAD_H - 6}) rotate(-90)" {FONT} fill="{INK}">'
            f"{escape(_clip(col, 30))}</text>"
        )
    for i, (label, cells) in enumerate(rows):
        y = HEAD_H + i * CELL
        out.append(text(ROW_LABEL_W - 6, y + 12, _clip(label, 30), anchor="end"))
        for j, (fill, title, short) in enumerate(cells):
            x = ROW_LABEL_W + j * CELL
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 1}" height="{CELL - 1}" fill="{fill}">'
                f"<title>{escape(title)}</title></rect>"
            )
            if short:
                out.append(
                    f'<text x="{x + CELL / 2 - 0.5:.1f}" y="{y + 11}" font-size="7" '
                    f'font-family="DejaVu Sans, Arial, sans-serif" fill="#fff" text-anchor="middle">'
                    f"{escape(short)}</text>"
                )
    out.append("</svg>")
    return "".join(out)


def labelled_bars(
    items: list[tuple[str, float, float]], cls: str, label_w: int = 240, bar_w: int = 300
) -> str:
    """Horizontal bars: (label, value, of); the value is written after the bar."""
    if not items:
        return ""
    top = max((of for _, _, of in items), default=1.0) or 1.0
    row = 24
    out = [svg_open(cls, label_w + bar_w + 70, row * len(items) + 6)]
    for i, (label, value, of) in enumerate(items):
        y = 3 + i * row
        out.append(text(label_w - 8, y + 14, _clip(label, 40), anchor="end"))
        out.append(rect(label_w, y + 3, bar_w, 15, TRACK))
        out.append(rect(label_w, y + 3, bar_w * value / top, 15, ACCENT))
        out.append(text(label_w + bar_w * value / top + 6, y + 14, f"{value:g} of {of:g}", MUTED))
    out.append("</svg>")
    return "".join(out)


def trend(
    series: list[tuple[str, list[float | None]]], dates: list[str], top: float, bottom: float = 0
) -> str:
    """A small line chart: one line per series over the same dates (None: not comparable, a gap)."""
    if len(dates) < 2 or not series:
        return ""
    w, h, left, pad = 420, 150, 36, 18
    span = (top - bottom) or 1.0
    colours = [ACCENT, "#1f8a4c", "#d18b00", "#8e44ad", "#c0392b"]

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + (w - left - pad) * i / (len(dates) - 1), pad + (h - 2 * pad - 14) * (
            1 - (v - bottom) / span
        )

    out = [svg_open("trend", w + 150, h)]
    for k in range(int(bottom), int(top) + 1):
        _, y = xy(0, k)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - pad}" y2="{y:.1f}" stroke="{LINE}"/>')
        out.append(text(left - 6, y + 4, f"{k}", MUTED, "end"))
    for i in (0, len(dates) - 1):
        x, _ = xy(i, bottom)
        out.append(text(x, h - 4, dates[i], MUTED, "middle"))
    for n, (name, values) in enumerate(series):
        colour = colours[n % len(colours)]
        pts = [xy(i, v) for i, v in enumerate(values) if v is not None]
        if len(pts) > 1:
            out.append(
                f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="none" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in pts)
        out.append(rect(w + 4, pad + n * 18, 10, 10, colour))
        out.append(text(w + 18, pad + n * 18 + 9, name))
    out.append("</svg>")
    return "".join(out)
