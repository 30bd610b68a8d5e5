"""The terminal view: rich renderables built from the report, nothing else.

Designed for 80 columns first: no boxes (they cost columns and wrap badly), and every multi-line cell is
a grid cell, so a wrapped line stays under its text instead of falling back to column 0. Wider terminals
get the same layout with fewer wrapped lines. ``--verbose`` shows what is clipped here (every proof in
full, every action, every criterion a step satisfies).
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from maturity.assess.models import FrameworkRating
from maturity.render import for_display
from maturity.render.summary import basis_note, by_need, ceiling_note
from maturity.report import PracticeEntry, Report

STYLE = {
    "present": ("✔", "green"),
    "met": ("✔", "green"),
    "partial": ("◐", "yellow"),
    "absent": ("✘", "red"),
    "unmet": ("✘", "red"),
    "unknown": ("?", "bright_black"),
    "not_applicable": ("–", "bright_black"),
}
LEGEND = (("present", "present"), ("partial", "partial"), ("absent", "absent"), ("unknown", "unknown"),
          ("not_applicable", "not applicable"))  # fmt: skip
DETAIL = 96  # characters of a proof's detail shown without --verbose
WIDTH = 100  # plain-text width for files and pipes (``RenderOptions.width``)


def badge(status: str) -> Text:
    mark, style = STYLE.get(status, ("·", ""))
    return Text(f"{mark} {status.replace('_', ' ')}", style=style)


def mark(status: str) -> Text:
    symbol, style = STYLE.get(status, ("·", ""))
    return Text(symbol, style=style)


def rating_text(f: FrameworkRating) -> str:
    if f.scoring == "points":
        return f"{f.score:g} of {f.max_score:g}: {f.band or 'score'}"
    if f.level is None:
        first = min((c.level for c in f.criteria if c.level is not None), default=1)
        name = (f.level_name or "").removeprefix("below ")
        return f"below {f.level_label} {first}{': ' + name if name else ''}"
    return f"{f.level_label} {f.level} of {f.max_level}: {f.level_name}"


def rating_note(f: FrameworkRating) -> str:
    """What the figure rests on (estimated or confirmed), the ceiling, the section holding it down."""
    parts = [basis_note(f)]
    ceiling = ceiling_note(f)
    if ceiling:
        parts.append(ceiling)
    if f.scoring == "points" and f.holding_section:
        held = next((s.name for s in f.sections if s.id == f.holding_section), f.holding_section)
        parts.append(f"held down by {held}")
    return "; ".join(parts)


def header(report: Report) -> Text:
    t = Text()
    t.append("maturity ", style="bold")
    t.append(f"{report.tool.version}  ", style="bright_black")
    t.append(report.target.path, style="bold cyan")
    g = report.target.git
    if g and g.commit:
        t.append(
            f"  {g.branch or 'detached'}@{g.commit[:8]}{' (dirty)' if g.dirty else ''}",
            style="bright_black",
        )
    return t


def title(text: str, note: str = "") -> RenderableType:
    """A section title; its note wraps under itself, not under the title."""
    if not note:
        return Text(text, style="bold")
    table = grid({"style": "bold"}, {"style": "bright_black"})
    table.add_row(text, note)
    return table


class Trimmed:
    """A renderable whose lines carry no trailing spaces (rich pads table cells to the column width)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].control and not line[-1].text.rstrip():
                line.pop()
            if line and not line[-1].control:
                last = line.pop()
                line.append(Segment(last.text.rstrip(), last.style))
            yield from line
            yield Segment.line()


def grid(*columns: dict[str, Any]) -> Table:
    """A borderless table; the last column takes the rest of the width and wraps under itself."""
    table = Table.grid(padding=(0, 1), pad_edge=False)
    for i, col in enumerate(columns):
        last = i == len(columns) - 1
        table.add_column(**({"overflow": "fold"} if last else {"no_wrap": True}) | col)
    return table


def indent(renderable: RenderableType, n: int = 1) -> Padding:
    return Padding(renderable, (0, 0, 0, n), expand=False)


def ratings(report: Report) -> RenderableType:
    """Per framework: the estimate in bold, then what it rests on (and the dimensions) underneath."""
    table = grid({"style": "bold"}, {})
    for f in report.frameworks:
        cell = Text(rating_text(f), style="bold")
        cell.append(f"\n{rating_note(f)}", style="bright_black")
        if f.dimensions:
            dims = ", ".join(f"{d.name.lower()} {'–' if d.level is None else d.level}" for d in f.dimensions)
            cell.append(f"\n{f.level_label}s by dimension: {dims}", style="bright_black")
        table.add_row(Text(f.short_name), cell)  # a framework file's text: never rich markup
    return Group(title("Ratings"), indent(table))


def proof_text(p: PracticeEntry, seen: dict[str, str], verbose: bool) -> Text:
    """The first proof (path:line and what it shows), or the reason nothing was found; a reason already
    given above is not repeated."""
    if p.evidence:
        e = p.evidence[0]
        detail = e.detail if verbose or len(e.detail) <= DETAIL else e.detail[: DETAIL - 1] + "…"
        text = Text(f"{e.path}{':' + str(e.line) if e.line else ''}", style="cyan")
        text.append(f"  {detail}")
        if len(p.evidence) > 1:
            text.append(f"  (+{len(p.evidence) - 1} more)", style="bright_black")
    else:
        reason = p.reason or ""
        earlier = seen.setdefault(reason, p.name) if reason else p.name
        shown = reason if earlier == p.name else f"as for {earlier}"
        text = Text(shown, style="bright_black")
    if p.conflict:
        text.append(f"  [answer overrides: {p.assessed.value}]", style="yellow")
    return text


def evidence(report: Report, verbose: bool = False) -> RenderableType:
    return Group(title("Evidence"), Evidence(report, verbose))


class Evidence:
    """The practices, one row each: mark, name, first proof; the name column widens on wide terminals."""

    def __init__(self, report: Report, verbose: bool) -> None:
        self.report, self.verbose = report, verbose

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        legend = Text()
        for status, label in LEGEND:
            legend.append_text(mark(status)).append(f" {label}  ", style="bright_black")
        names = 30 if options.max_width < 120 else 42
        table = grid({}, {"max_width": names, "no_wrap": False}, {})
        seen: dict[str, str] = {}
        for p in self.report.practices:
            table.add_row(mark(p.status.value), Text(p.name), proof_text(p, seen, self.verbose))
        yield indent(legend)
        yield indent(table)


def step_cell(s: Any, effects: int = 2, actions: int = 1, verbose: bool = False) -> Text:
    """A step: title and effort, what it does for each level (the first ``effects``), how to start."""
    cell = Text(s.title, style="bold")
    cell.append(f"  {s.effort} effort", style="bright_black")
    ordered = by_need(s.targets)  # what is missing first
    shown = ordered if verbose else ordered[:effects]
    for t in shown:
        cell.append(f"\n{t}", style="cyan")
    if len(s.targets) > len(shown):
        cell.append(f"\nand {len(s.targets) - len(shown)} more", style="bright_black")
    if not s.targets and s.enables:
        cell.append(f"\nneeded first for {', '.join(s.enables)}", style="cyan")
    for a in s.actions[: 3 if verbose else actions]:
        cell.append(f"\n{a}")
    if s.status == "unknown" and s.settle:
        cell.append(f"\nalready done? maturity assess --answer {s.settle[0]}=yes", style="bright_black")
    if verbose and s.criteria:
        cell.append(f"\nsatisfies {', '.join(s.criteria)}", style="bright_black")
    return cell


def numbered(cells: list[Text]) -> Table:
    table = grid({"justify": "right"}, {})
    for i, cell in enumerate(cells, 1):
        table.add_row(f"{i}.", cell)
    return table


def next_steps(report: Report, limit: int = 3) -> RenderableType:
    steps = [s for s in report.roadmap.steps if s.horizon != "confirm"][:limit]
    if not steps:
        return Text("No open steps: every criterion of the chosen frameworks is met.", style="green")
    return Group(
        title("Next steps", "`maturity roadmap` shows the whole plan"),
        indent(numbered([step_cell(s, effects=2) for s in steps])),
    )


def renderable(report: Report, verbose: bool = False) -> RenderableType:
    report = for_display(report)  # repository text without control characters
    parts: list[RenderableType] = [header(report), "", ratings(report), "", evidence(report, verbose), ""]
    templates = report.details.get("templates")
    if isinstance(templates, dict):
        roots = len(templates.get("roots") or ()) or len(templates.get("files") or ())
        what = f"{roots} template root(s)" if templates.get("roots") else f"{roots} templated file(s)"
        note = f"scanned as templates ({templates.get('engine')}): {what} read as the project they generate"
        parts.insert(1, Text(note, style="bright_black"))
    parts.append(next_steps(report))
    if report.skipped or report.errors:
        note = f"{len(report.skipped)} file(s) skipped"
        if report.errors:
            note += f", {len(report.errors)} detector error(s)"
        parts.append(Text(note + " (--verbose lists them)", style="bright_black"))
    if verbose:
        for s in report.skipped:
            parts.append(Text(f"skipped {s.path}: {s.reason}", style="bright_black"))
        for e in report.errors:
            parts.append(Text(e, style="yellow"))
    return Trimmed(Group(*parts))


def summary(report: Report) -> RenderableType:
    """What ``assess`` ends with: the ratings and the next steps (``scan`` shows the evidence)."""
    report = for_display(report)
    return Trimmed(Group(ratings(report), "", next_steps(report)))


def render_text(report: Report, options: Any = None) -> str:
    """Plain text (no colour), for files and pipes."""
    return _plain(renderable(report), getattr(options, "width", WIDTH))


def roadmap_renderable(report: Report, verbose: bool = False) -> RenderableType:
    from maturity.render.terminal_roadmap import roadmap

    return Trimmed(roadmap(for_display(report), verbose))


def render_roadmap_text(report: Report, options: Any = None) -> str:
    return _plain(roadmap_renderable(report), getattr(options, "width", WIDTH))


def _plain(renderable: RenderableType, width: int) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, legacy_windows=False).print(renderable)
    return buf.getvalue()
