"""The roadmap in a terminal: Now and Next in full, Later one line each, Confirm grouped by who answers."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from maturity.render.summary import confirm_groups, confirm_summary
from maturity.render.terminal import grid, header, indent, numbered, ratings, step_cell, title
from maturity.report import Report
from maturity.roadmap.models import HORIZON_HELP, HORIZON_NAMES


def roadmap(report: Report, verbose: bool = False) -> RenderableType:
    if not report.roadmap.steps:
        return Text("No open steps: every criterion of the chosen frameworks is met.", style="green")
    parts: list[RenderableType] = [header(report), "", ratings(report)]
    for h in ("now", "next", "later"):
        steps = report.roadmap.by_horizon(h)
        if not steps:
            continue
        if h == "later" and not verbose:
            cells = [step_cell(s, effects=1, actions=0) for s in steps]
        else:
            cells = [step_cell(s, effects=3 if h == "now" else 2, verbose=verbose) for s in steps]
        parts += ["", title(HORIZON_NAMES[h], HORIZON_HELP[h]), indent(numbered(cells))]
    if report.roadmap.by_horizon("confirm"):
        parts += ["", confirm(report, verbose)]
    if not verbose:
        more = "--verbose shows every effect and action, and the criteria each step satisfies."
        parts += ["", Text(more, style="bright_black")]
    return Group(*parts)


def confirm(report: Report, verbose: bool) -> RenderableType:
    """The questions only a person can settle, one line per role (each question with --verbose)."""
    groups = confirm_groups(report)
    table = grid({"style": "bold"}, {})
    for g in groups:
        if verbose:
            cell = Text("\n".join(f"{q['id']}{' *' if q['suggested'] else ''}: {q['text']}"
                                  for q in g["questions"]))  # fmt: skip
        else:
            cell = Text(", ".join(f"{q['id']}{'*' if q['suggested'] else ''}" for q in g["questions"]))
        table.add_row(f"{g['role']} ({g['count']})", cell)
    note = Text(f"{confirm_summary(groups)}: `maturity assess` asks them, the scan's suggestions (*) on one "
                "screen.", style="bright_black")  # fmt: skip
    return Group(title(HORIZON_NAMES["confirm"], HORIZON_HELP["confirm"]), indent(note), indent(table))
