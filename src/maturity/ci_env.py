"""What maturity does differently inside CI: GitHub workflow annotations and step outputs.

* ``in_ci()``: the ``CI`` variable is set (every major CI system sets it); nothing may wait for a terminal.
* ``workflow_commands()``: ``::error file=...,line=...::message`` lines, at most ten, most important first,
  printed when ``GITHUB_ACTIONS`` is set.
* ``write_outputs()``: key figures appended to ``$GITHUB_OUTPUT`` (a level per framework, the ML Test
  Score, passed) so later steps can use them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from maturity.gate import GateResult
from maturity.render.sarif import anchor, issues
from maturity.report import Report

MAX_ANNOTATIONS = 10
FALSY = ("", "0", "false", "no")


def in_ci(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("CI", "").strip().lower() not in FALSY


def in_github_actions(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("GITHUB_ACTIONS", "").strip().lower() not in FALSY


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    level: str, message: str, file: str | None = None, line: int | None = None, title: str = ""
) -> str:
    """One workflow command, e.g. ``::error file=a.py,line=3,title=T::message``."""
    props = []
    if file:
        props.append(f"file={_escape_prop(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_escape_prop(title)}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{_escape_data(message)}"


def _gate_annotations(report: Report, result: GateResult) -> list[str]:
    lines = []
    for s in result.shortfalls:
        practices = [p for c in s.holding for cr in _criteria(report, s.framework, c.criterion) for p in cr]
        file, line = anchor(report, practices)
        held = ", ".join(h.criterion for h in s.holding) or "nothing"
        step = f" First step: {s.first_step.title}." if s.first_step else ""
        msg = f"{s.framework} is {s.label}, below the minimum {s.minimum:g}; held down by {held}.{step}"
        lines.append(command("error", msg, file, line, title="maturity: minimum not met"))
    for m in result.missing:
        file, line = anchor(report, [m.practice])
        msg = f"required practice {m.practice} ({m.name}) is {m.status}, must be met"
        lines.append(command("error", msg, file, line, title="maturity: required practice"))
    for w in result.expired:
        msg = f"waiver for {w.criterion} expired on {w.expires} (reason: {w.reason})"
        lines.append(command("error", msg, report.provenance.config_file, title="maturity: expired waiver"))
    for r in result.regressions:
        msg = f"regression: {r.subject} was {r.before}, now {r.now}"
        lines.append(command("error", msg, title="maturity: regression"))
    return lines


def _criteria(report: Report, fid: str, cid: str) -> list[list[str]]:
    rating = report.framework(fid)
    return [c.practices for c in rating.criteria if c.id == cid] if rating else []


def workflow_commands(report: Report, result: GateResult | None = None) -> list[str]:
    """At most ten workflow commands: gate problems (errors) first, then open items (warnings)."""
    lines = _gate_annotations(report, result) if result is not None else []
    for issue in issues(report):
        if len(lines) >= MAX_ANNOTATIONS:
            break
        if issue.kind == "criterion" and issue.status.value == "unmet":
            lines.append(command("warning", issue.message, issue.path, issue.line, title=issue.rule_id))
    return lines[:MAX_ANNOTATIONS]


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def outputs(report: Report, result: GateResult | None = None) -> dict[str, str]:
    """Key figures: ``level-<framework>``/``score-<framework>``, ``ml-test-score``, ``passed``."""
    out: dict[str, str] = {}
    for fw in report.frameworks:
        if fw.scoring == "levels":
            out[f"level-{_key(fw.id)}"] = "none" if fw.level is None else str(fw.level)
        else:
            out[f"score-{_key(fw.id)}"] = f"{fw.score or 0:g}"
    mts = report.framework("ml-test-score")
    if mts is not None:
        out["ml-test-score"] = f"{mts.score or 0:g}"
    if result is not None:
        out["passed"] = "true" if result.passed else "false"
        out["problems"] = str(result.problems)
    return out


def write_outputs(values: Mapping[str, str], env: Mapping[str, str] | None = None) -> Path | None:
    """Append ``key=value`` lines to ``$GITHUB_OUTPUT``; returns the file, or None when it is not set."""
    env = os.environ if env is None else env
    target = env.get("GITHUB_OUTPUT")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(f"{k}={v}\n" for k, v in values.items())
    return path


def badge_json(report: Report, result: GateResult | None, label: str) -> dict[str, object]:
    """A shields.io endpoint badge: https://shields.io/badges/endpoint-badge."""
    parts, fractions = [], []
    for fw in report.frameworks:
        if fw.scoring == "levels":
            parts.append(f"{fw.id} L{'-' if fw.level is None else fw.level}")
            top = fw.max_level or 1
            fractions.append(0.0 if fw.level is None else fw.level / top)
        else:
            parts.append(f"{fw.id} {fw.score or 0:g}")
            fractions.append((fw.score or 0) / (fw.max_score or 1))
    if result is not None:
        color = "brightgreen" if result.passed else "red"
    else:
        mean = sum(fractions) / len(fractions) if fractions else 0.0
        color = "brightgreen" if mean >= 0.66 else "yellow" if mean >= 0.33 else "orange"
    return {"schemaVersion": 1, "label": label, "message": " · ".join(parts) or "not rated", "color": color}
