"""The terminal view: rich renderables built from the report, nothing else."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from maturity.assess.models import FrameworkRating
from maturity.render.summary import basis_note, ceiling_note
from maturity.report import Report

STYLE = {
    "present": ("✔", "green"),
    "met": ("✔", "green"),
    "partial": ("◐", "yellow"),
    "absent": ("✘", "red"),
    "unmet": ("✘", "red"),
    "unknown": ("?", "bright_black"),
    "not_applicable": ("–", "bright_black"),
}


def badge(status: str) -> Text:
    mark, style = STYLE.get(status, ("·", ""))
    return Text(f"{mark} {status.replace('_', ' ')}", style=style)


def rating_text(f: FrameworkRating) -> str:
    if f.scoring == "points":
        return f"{f.score:g} / {f.max_score:g}  {f.band or ''}".rstrip()
    if f.level is None:
        return f.level_name or "below the first level"
    return f"{f.level_label} {f.level} of {f.max_level}: {f.level_name}"


def rating_note(f: FrameworkRating) -> str:
    """What the figure rests on (estimated or confirmed), the ceiling, the section holding it down."""
    parts = [basis_note(f)]
    ceiling = ceiling_note(f)
    if ceiling:
        parts.append(ceiling)
    if f.scoring == "points" and f.holding_section:
        parts.append(f"held down by {f.holding_section}")
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


def frameworks_table(report: Report) -> Table:
    table = Table(title="Ratings", title_justify="left", expand=False)
    table.add_column("Framework", style="bold")
    table.add_column("Rating")
    table.add_column("Confidence", style="bright_black")
    for f in report.frameworks:
        table.add_row(Text(f.short_name), Text(rating_text(f)), Text(rating_note(f)))
        for d in f.dimensions:
            table.add_row(
                Text(f"  {d.name}"),
                "–" if d.level is None else f"{f.level_label} {d.level}",
                "",
                style="bright_black",
            )
    return table


def practices_table(report: Report, verbose: bool = False) -> Table:
    table = Table(title="Evidence", title_justify="left")
    table.add_column("Practice")
    table.add_column("Scan")
    table.add_column("Proof or reason", overflow="fold")
    for p in report.practices:
        proof = ""
        if p.evidence:
            e = p.evidence[0]
            proof = f"{e.path}{':' + str(e.line) if e.line else ''}  {e.detail}"
            if len(p.evidence) > 1:
                proof += f"  (+{len(p.evidence) - 1} more)"
        elif p.reason:
            proof = p.reason
        if p.conflict:
            proof += f"  [answer overrides: {p.assessed.value}]"
        shown = Text(proof, style="" if p.evidence else "bright_black")
        table.add_row(Text(p.name), badge(p.status.value), shown)
    return table


def steps_panel(report: Report, limit: int = 3) -> RenderableType:
    steps = report.roadmap.steps[:limit]
    if not steps:
        return Text("No open steps: every criterion of the chosen frameworks is met.", style="green")
    lines = Text()
    for i, s in enumerate(steps, 1):
        lines.append(f"{i}. {s.title}", style="bold")
        unlocks = f"unlocks {', '.join(s.targets[:3])}" if s.targets else f"first for {', '.join(s.enables)}"
        lines.append(f"  ({s.effort} effort; {unlocks})\n")
        if s.how:
            lines.append(f"   {s.how[0]}\n", style="bright_black")
    lines.append("`maturity roadmap` shows the whole plan.", style="bright_black")
    return Panel(lines, title="Next steps", title_align="left")


def renderable(report: Report, verbose: bool = False) -> RenderableType:
    from maturity.render import for_display

    report = for_display(report)
    parts: list[RenderableType] = [
        header(report),
        frameworks_table(report),
        practices_table(report, verbose),
    ]
    templates = report.details.get("templates")
    if isinstance(templates, dict):
        roots = len(templates.get("roots") or ()) or len(templates.get("files") or ())
        what = f"{roots} template root(s)" if templates.get("roots") else f"{roots} templated file(s)"
        note = f"scanned as templates ({templates.get('engine')}): {what} read as the project they generate"
        parts.insert(1, Text(note, style="bright_black"))
    parts.append(steps_panel(report))
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
    return Group(*parts)


def render_text(report: Report, options: Any = None) -> str:
    """Plain text (no colour), for files and pipes."""
    buf = io.StringIO()
    width = getattr(options, "width", 100)
    Console(file=buf, width=width, color_system=None, legacy_windows=False).print(renderable(report))
    return buf.getvalue()


def roadmap_renderable(report: Report) -> RenderableType:
    """The whole roadmap: Now / Next / Later / Confirm, each step with effort, impact and unlocks."""
    from maturity.render import for_display
    from maturity.roadmap.models import HORIZON_HELP, HORIZON_NAMES

    if not report.roadmap.steps:
        return Text("No open steps: every criterion of the chosen frameworks is met.", style="green")
    report = for_display(report)
    parts: list[RenderableType] = [header(report), frameworks_table(report)]
    for h in ("now", "next", "later", "confirm"):
        steps = report.roadmap.by_horizon(h)
        if not steps:
            continue
        body = Text()
        for i, s in enumerate(steps, 1):
            body.append(f"{i}. {s.title}", style="bold")
            body.append(f"  {s.effort} effort, impact {s.impact}\n", style="bright_black")
            if s.targets:
                body.append(f"   unlocks {', '.join(s.targets)}\n", style="cyan")
            elif s.enables:
                body.append(f"   needed first for {', '.join(s.enables)}\n", style="cyan")
            for a in s.actions[:3]:
                body.append(f"   - {a}\n")
            if s.criteria:
                body.append(f"   satisfies {', '.join(s.criteria)}\n", style="bright_black")
        parts.append(Panel(body, title=f"{HORIZON_NAMES[h]}: {HORIZON_HELP[h]}", title_align="left"))
    return Group(*parts)


def render_roadmap_text(report: Report, options: Any = None) -> str:
    buf = io.StringIO()
    width = getattr(options, "width", 100)
    Console(file=buf, width=width, color_system=None).print(roadmap_renderable(report))
    return buf.getvalue()
