"""A diff of two results as text (terminal), Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

from maturity.portfolio.diff import Diff, StatusChange
from maturity.render.markdown import md_escape

ARROW = {"up": "▲", "down": "▼", "same": "=", "added": "+", "removed": "-", "not_comparable": "≠"}
MD_ARROW = {"up": "⬆️", "down": "⬇️", "same": "", "added": "new", "removed": "gone", "not_comparable": "≠"}
WORD = {
    "met": "met",
    "inferred": "inferred",
    "partial": "partial",
    "unmet": "not met",
    "unknown": "unknown",
    "not_applicable": "n/a",
}
SHOWN = 20


def _when(d: Diff, which: str) -> str:
    s = d.old if which == "old" else d.new
    return f"{s.generated_at:%Y-%m-%d}" + (f" at {s.commit[:10]}" if s.commit else "")


def _line(c: StatusChange) -> str:
    return f"{c.title} ({c.id}): {WORD.get(c.before, c.before)} → {WORD.get(c.after, c.after)}"


def text(d: Diff) -> str:
    lines = [f"maturity diff: {d.verdict} (from {_when(d, 'old')} to {_when(d, 'new')})"]
    for f in d.frameworks:
        lines.append(
            f"{ARROW[f.change]} {f.name}: {f.before or 'not assessed'} -> {f.after or 'not assessed'}"
        )
    for title, change in (("gained", "gained"), ("lost", "lost"), ("changed", "changed")):
        items = d.of(change)  # type: ignore[arg-type]
        if items:
            lines.append(f"practices {title} ({len(items)}):")
            lines.extend(f"  {_line(c)}" for c in items[:SHOWN])
            if len(items) > SHOWN:
                lines.append(f"  ... and {len(items) - SHOWN} more (--format json lists them all)")
    if d.criteria:
        lines.append(f"criteria changed ({len(d.criteria)}):")
        lines.extend(f"  {_line(c)}" for c in d.criteria[:SHOWN])
        if len(d.criteria) > SHOWN:
            lines.append(f"  ... and {len(d.criteria) - SHOWN} more (--format json lists them all)")
    lines.extend(f"note: {n}" for n in d.notes)
    return "\n".join(lines) + "\n"


def markdown(d: Diff) -> str:
    """For a pull-request comment: what this change gained or lost."""
    e = md_escape
    out = [
        f"### MLOps maturity: {e(d.verdict)}",
        "",
        f"From {e(_when(d, 'old'))} to {e(_when(d, 'new'))}.",
        "",
        "| Framework | Before | After | |",
        "|---|---|---|---|",
    ]
    for f in d.frameworks:
        out.append(f"| {e(f.name)} | {e(f.before or '–')} | {e(f.after or '–')} | {MD_ARROW[f.change]} |")
    for title, change, mark in (
        ("Gained", "gained", "✅"),
        ("Lost", "lost", "❌"),
        ("Changed", "changed", "↔️"),
    ):
        items = d.of(change)  # type: ignore[arg-type]
        if items:
            out += ["", f"**{title}** ({len(items)})", ""]
            out += [f"- {mark} {e(_line(c))}" for c in items]
    if d.criteria:
        out += ["", f"<details><summary>Criteria that changed ({len(d.criteria)})</summary>", ""]
        out += [f"- {e(_line(c))}" for c in d.criteria]
        out += ["", "</details>"]
    if not d.practices and not d.criteria:
        out += ["", "No practice or criterion changed."]
    if d.notes:
        out += [""] + [f"> {e(n)}" for n in d.notes]
    return "\n".join(out) + "\n"
