"""What maturity does differently inside CI: GitHub workflow annotations and step outputs.

* ``in_ci()``: the ``CI`` variable is set (every major CI system sets it); nothing may wait for a terminal.
* ``workflow_commands()``: ``::error file=...,line=...::message`` lines (``::warning`` under
  ``--warn-only``), at most ten, gate problems first, printed when ``GITHUB_ACTIONS`` is set.
* ``write_outputs()``: key figures appended to ``$GITHUB_OUTPUT`` (a level per framework, the ML Test
  Score, passed) so later steps can use them; action.yml declares each one.
* ``write_summary()``: the verdict and the Markdown report appended to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from maturity.render.issues import issues, problem_anchor, problem_message
from maturity.report import Report
from maturity.verdict import Verdict

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
    """One workflow command, e.g. ``::error file=a.py,line=3,title=T::message``.

    The message is one line whatever it holds (newlines and ``%`` are escaped, as the runner expects),
    so nothing after it can be read as another command.
    """
    props = []
    if file:
        props.append(f"file={_escape_prop(file)}")
        props.append(f"line={line or 1}")
    if title:
        props.append(f"title={_escape_prop(title)}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{_escape_data(message.strip())}"


TITLES = {
    "min": "maturity: minimum not met",
    "required": "maturity: required practice",
    "regression": "maturity: regression",
    "expired-waiver": "maturity: expired waiver",
}


def _gate_annotations(report: Report, verdict: Verdict) -> list[str]:
    level = "warning" if verdict.warn_only else "error"
    lines = []
    for p in verdict.problems:
        file, line = problem_anchor(report, p)
        lines.append(command(level, problem_message(p), file, line, title=TITLES[p.kind]))
    return lines


def workflow_commands(report: Report) -> list[str]:
    """At most ten workflow commands: gate problems first, then open criteria (warnings)."""
    lines = _gate_annotations(report, report.gate) if report.gate is not None else []
    for issue in issues(report):
        if len(lines) >= MAX_ANNOTATIONS:
            break
        if issue.kind == "criterion" and issue.status.value == "unmet":
            lines.append(command("warning", issue.message, issue.path, issue.line, title=issue.rule_id))
    return lines[:MAX_ANNOTATIONS]


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def outputs(report: Report) -> dict[str, str]:
    """Key figures: ``level-<id>``/``score-<id>``, ``ml-test-score``, ``passed``, ``problems``."""
    out: dict[str, str] = {}
    for fw in report.frameworks:
        if fw.scoring == "levels":
            out[f"level-{_key(fw.id)}"] = "none" if fw.level is None else str(fw.level)
        else:
            out[f"score-{_key(fw.id)}"] = f"{fw.score or 0:g}"
    mts = report.framework("ml-test-score")
    if mts is not None:
        out["ml-test-score"] = f"{mts.score or 0:g}"
    if report.gate is not None:
        out["passed"] = "true" if report.gate.passed else "false"
        out["problems"] = str(len(report.gate.problems))
    return out


def write_outputs(values: Mapping[str, str], env: Mapping[str, str] | None = None) -> Path | None:
    """Append ``key=value`` lines to ``$GITHUB_OUTPUT``; returns the file, or None when it is not set."""
    env = os.environ if env is None else env
    return _append(env.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in values.items()))


def write_summary(markdown: str, env: Mapping[str, str] | None = None) -> Path | None:
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` (the job's summary page); None when it is not set."""
    env = os.environ if env is None else env
    return _append(env.get("GITHUB_STEP_SUMMARY"), markdown.rstrip("\n") + "\n\n")


def _append(target: str | None, text: str) -> Path | None:
    from maturity.errors import OutputError

    if not target:
        return None
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=path) from None
    return path


def badge_json(report: Report, label: str) -> dict[str, object]:
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
    if report.gate is not None:
        color = "brightgreen" if report.gate.passed else "red"
    else:
        mean = sum(fractions) / len(fractions) if fractions else 0.0
        color = "brightgreen" if mean >= 0.66 else "yellow" if mean >= 0.33 else "orange"
    return {"schemaVersion": 1, "label": label, "message": " · ".join(parts) or "not rated", "color": color}
