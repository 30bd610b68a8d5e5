"""The verdict in plain lines, for the terminal, the job summary and the Markdown report.

``✗`` a problem (with the criteria holding it down and the first step), ``!`` a note or warning,
``~`` a waiver in force, ``✓`` a rule that holds, ``↑`` an improvement on the baseline.
"""

from __future__ import annotations

from maturity.verdict import Hint, Problem, Verdict

# the verdict fits one screen: the first holders per minimum (unmet first); the JSON keeps them all
MAX_HOLDING_SHOWN = 6


def headline(verdict: Verdict) -> str:
    n = len(verdict.problems)
    text = "PASSED" if verdict.passed else f"FAILED ({n} problem{'s' * (n != 1)})"
    if n and verdict.warn_only:
        text += " [warn-only: not blocking]"
    return text


def explain(verdict: Verdict, name: str = "") -> list[str]:
    """Every problem, then notes and warnings, waivers, what holds, and improvements."""
    lines = [f"maturity check{' ' + name if name else ''}: {headline(verdict)}"]
    for p in verdict.problems:
        lines.extend(_problem(p))
    lines.extend(f"! {note}" for note in verdict.notes)
    lines.extend(f"! {warning}" for warning in verdict.warnings)
    for w in verdict.waivers:
        if not w.expired:
            until = f" until {w.expires}" if w.expires else ""
            lines.append(f"~ waived {w.criterion}{until}: {w.reason}")
    for m in verdict.met:
        if m.kind == "min":
            lines.append(f"✓ {m.subject}: {m.label}, minimum {m.wanted:g}" if isinstance(m.wanted, float)
                         else f"✓ {m.subject}: {m.label}")  # fmt: skip
        elif m.kind == "required":
            lines.append(f"✓ required practice {m.subject} ({m.label}) is met")
        else:
            lines.append("✓ no regression against the baseline")
    if verdict.previous and not verdict.of_kind("regression"):
        lines.append(f"✓ no regression since {verdict.previous}")
    for c in verdict.improvements:
        lines.append(
            f"↑ improved: {c.subject} was {c.before}, now {c.now} (record it with --update-baseline)"
        )
    if len(lines) == 1:
        lines.append("note: no minimum, required practice or baseline is configured: nothing was enforced")
        lines.append(
            "      set them with --min/--require/--baseline or in [tool.maturity.gate] (`maturity init`)"
        )
    return lines


def _problem(p: Problem) -> list[str]:
    if p.kind == "min":
        lines = [f"✗ {p.subject}: {p.label}, minimum {p.wanted:g}" if isinstance(p.wanted, float)
                 else f"✗ {p.message}"]  # fmt: skip
        shown = p.holding[:MAX_HOLDING_SHOWN]
        lines.extend(f"    held down by {h.criterion} ({h.status}): {h.title}" for h in shown)
        if len(p.holding) > len(shown):
            more = len(p.holding) - len(shown)
            lines.append(f"    ... and {more} more (`maturity roadmap` or --format json lists them all)")
        return [*lines, step_line(p.first_step)]
    if p.kind == "required":
        return [f"✗ {p.message}", step_line(p.first_step)]
    if p.kind == "expired-waiver":
        return [f"✗ {p.message}; renew or remove it"]
    return [f"✗ {p.message}"]


def step_line(hint: Hint | None) -> str:
    if hint is None:
        return (
            "    first step: answer the open questions (`maturity assess`) to settle what the scan cannot see"
        )
    return f"    first step: {hint.title}" + (f": {hint.how}" if hint.how else "")
