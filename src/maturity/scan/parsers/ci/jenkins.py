"""Jenkins: declarative and scripted Groovy pipelines, one job per ``stage``, with its ``when`` and triggers.

The file is read line by line with a small scanner that knows Groovy strings and comments, so braces
inside ``sh "..."`` or ``// }`` never move the block structure. Each ``stage('Name') { ... }`` becomes a
job holding the ``sh``/``bat``/``powershell`` commands inside it (nested ``parallel`` stages: the innermost
stage); commands outside any stage form the job ``pipeline``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from maturity.scan.parsers.ci.model import MANUAL, SCHEDULE, Command, Job, System, Workflow, shell_lines
from maturity.scan.repo import RepoView

_STEP = re.compile(
    r"(?:^|[\s{;(])(?:sh|bat|pwsh|powershell)\s*\(?\s*(?:script\s*:\s*)?('''|\"\"\"|'|\")(.*)$"
)
_STAGE = re.compile(r"\bstage\s*\(\s*(?:name\s*:\s*)?(['\"])(.+?)\1")
_WHEN = re.compile(r"\bwhen\s*\{")
_TRIGGERS = {
    SCHEDULE: re.compile(r"\b(?:cron|parameterizedCron)\s*\(\s*(?:spec\s*:\s*)?['\"]"),
    "push": re.compile(r"\b(?:pollSCM|githubPush|gitlab|bitbucketPush|GenericTrigger)\s*\("),
    "pipeline": re.compile(r"\bupstream\s*\("),
}
# `when` conditions that narrow a stage to one kind of build
_WHEN_KINDS = {
    "tag": re.compile(r"\bbuildingTag\s*\(|\btag\s*(?:\(|['\"])"),
    "pull_request": re.compile(r"\bchangeRequest\s*\("),
    SCHEDULE: re.compile(r"\btriggeredBy\b.*TimerTrigger"),
    MANUAL: re.compile(r"\btriggeredBy\b.*UserIdCause"),
}


@dataclass
class _Scope:
    job: Job
    depth: int  # brace depth outside the stage's block: the stage ends when the depth is back to it


@dataclass
class _State:
    depth: int = 0
    quote: str | None = None  # an open multi-line string (''' or \"\"\")
    comment: bool = False  # inside /* ... */
    stages: list[_Scope] = field(default_factory=list)
    when: int | None = None  # depth outside an open `when { }` block


def jenkins(repo: RepoView, path: str) -> Iterator[Workflow]:
    lines = repo.lines(path)
    if not lines:
        return
    wf = Workflow("Jenkins", path, {"push"})
    top = Job("pipeline", line=1)
    jobs: list[Job] = []
    state = _State()
    block: str | None = None  # the closing quote of a multi-line sh step
    for n, raw in enumerate(lines, start=1):
        current = state.stages[-1].job if state.stages else top
        if block is not None:
            end = raw.find(block)
            current.commands.extend(_commands(raw if end < 0 else raw[:end], n, current))
            block = block if end < 0 else None
            _scan(raw, state)
            continue
        masked = _mask(raw, state)
        _read_triggers(masked, n, wf)
        for m in _STAGE.finditer(raw):
            if masked[m.start()] == raw[m.start()]:
                job = Job(m.group(2), line=n)
                jobs.append(job)
                state.stages.append(_Scope(job, state.depth + _opens_before(masked, m.start())))
        current = state.stages[-1].job if state.stages else top
        if state.when is not None or _WHEN.search(masked):
            _read_when(raw, current)
        step = _STEP.search(raw)
        if step is not None and masked[step.start(1)] == raw[step.start(1)]:
            quote, rest = step.group(1), step.group(2)
            if len(quote) == 3 and quote not in rest:
                block = quote
                rest = rest.strip()
            else:
                rest = rest.split(quote)[0]
            current.commands.extend(_commands(rest, n, current))
        _close(masked, state)
    wf.jobs = [j for j in (top, *jobs) if j.commands] or [top]
    yield wf


def _commands(text: str, line: int, job: Job) -> list[Command]:
    return [Command(c.text, line, step=job.name if job.name != "pipeline" else "") for c in shell_lines(text)]


def _read_triggers(masked: str, n: int, wf: Workflow) -> None:
    for kind, rx in _TRIGGERS.items():
        if rx.search(masked):
            wf.triggers.add(kind)
            wf.trigger_lines.setdefault(kind, n)


def _read_when(raw: str, job: Job) -> None:
    for kind, rx in _WHEN_KINDS.items():
        if rx.search(raw):
            job.triggers.add(kind)


def _opens_before(masked: str, col: int) -> int:
    """Net braces opened on this line before ``col`` (the stage's own block opens after it)."""
    before = masked[:col]
    return before.count("{") - before.count("}")


def _close(masked: str, state: _State) -> None:
    """Apply the line's braces: close the stages and the `when` block whose braces end here."""
    when = _WHEN.search(masked)
    for col, ch in enumerate(masked):
        if when is not None and col == when.end() - 1:
            state.when = state.depth
        if ch == "{":
            state.depth += 1
        elif ch == "}":
            state.depth -= 1
            while state.stages and state.depth <= state.stages[-1].depth:
                state.stages.pop()
            if state.when is not None and state.depth <= state.when:
                state.when = None


def _scan(raw: str, state: _State) -> None:
    _close(_mask(raw, state), state)


def _mask(raw: str, state: _State) -> str:
    """The line with string contents and comments blanked (so only code braces stay), updating the
    multi-line string and block-comment state."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        if state.comment:
            end = raw.find("*/", i)
            out.append(" " * ((len(raw) if end < 0 else end + 2) - i))
            state.comment, i = end < 0, len(raw) if end < 0 else end + 2
            continue
        if state.quote is not None:
            end = raw.find(state.quote, i)
            stop = len(raw) if end < 0 else end + 3
            out.append(" " * (stop - i))
            state.quote = state.quote if end < 0 else None
            i = stop
            continue
        ch = raw[i]
        if raw.startswith("//", i):
            break
        if raw.startswith("/*", i):
            state.comment = True
            continue
        if raw.startswith(("'''", '"""'), i):
            state.quote = raw[i : i + 3]
            out.append(ch)
            out.append("  ")
            i += 3
            continue
        if ch in "'\"":
            end = _string_end(raw, i + 1, ch)
            out.append(ch + " " * (end - i - 1))
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out).ljust(len(raw))


def _string_end(raw: str, i: int, quote: str) -> int:
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == quote:
            return i + 1
        i += 1
    return len(raw)


SYSTEM = System("Jenkins", ("**/Jenkinsfile", "**/*.jenkinsfile", "**/Jenkinsfile.*"), jenkins)
