"""The one model every CI system is parsed into: workflows, jobs, commands (with their line), triggers.

This module imports no other CI module: systems (``ci/<system>.py``) build these objects, detectors read
them. Each command keeps its file line, so a detector can prove "this job runs pytest" with ``path:line``.
Shell comments and ``echo``/``printf`` lines are dropped here, so no detector counts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

# triggers: push, pull_request, tag, schedule, manual, data_change, pipeline (another pipeline/API), default
SCHEDULE = "schedule"
MANUAL = "manual"
DATA = "data_change"


@dataclass(frozen=True)
class Command:
    """One shell line (or a reusable action, ``uses: owner/action``) run by a job."""

    text: str
    line: int
    cwd: str = (
        ""  # working directory when the config sets one (GitHub `working-directory`, Cloud Build `dir`)
    )
    step: str = ""  # the step's or stage's name, when the config gives one ("Run tests")
    path: str = ""  # the file the command is written in, when not the workflow's own (a template, an include)


@dataclass
class Job:
    name: str
    commands: list[Command] = field(default_factory=list)
    triggers: set[str] = field(default_factory=set)
    line: int = 0


@dataclass
class Workflow:
    system: str
    path: str
    triggers: set[str] = field(default_factory=set)
    jobs: list[Job] = field(default_factory=list)
    trigger_lines: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # path filters of its triggers, if any

    def job_triggers(self, job: Job) -> set[str]:
        """A job's own triggers when it narrows them (GitLab rules), the workflow's otherwise."""
        return job.triggers or self.triggers


Extractor = Callable[[RepoView, str], Iterator[Workflow]]


@dataclass(frozen=True)
class System:
    """One CI system: its name, where its configuration lives, and how to read it."""

    name: str
    patterns: tuple[str, ...]
    extract: Extractor
    active: Callable[[RepoView, str], bool] = lambda repo, path: True
    # a content test for configurations under any name (Cloud Build, buildspecs): YAML files that no
    # system's patterns claim are offered to it after a cheap text prefilter
    sniff: Callable[[RepoView, str], bool] | None = None


def first_doc(repo: RepoView, path: str) -> dict[str, Any] | None:
    """The first YAML document of a file when it is a mapping (the located parse, shared and cached)."""
    docs = repo.yaml_located(path)
    return docs[0] if docs and isinstance(docs[0], dict) else None


_SHELL_NOISE = re.compile(r"^\s*(#|::|rem\b|//)|^\s*(echo|printf|Write-Host|Write-Output)\b", re.IGNORECASE)
_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")
_TRAILING_COMMENT = re.compile(r"\s+#(?:\s.*)?$")


def shell_lines(value: Any, fallback_line: int = 0) -> list[Command]:
    """Commands of a YAML scalar or list of scalars, one per non-empty, non-comment, non-echo line.

    Lines continued with a trailing backslash are joined (the command keeps its first line), heredoc
    bodies (``cat > f << EOF`` ... ``EOF``) are data, not commands, and trailing ``# comments`` are dropped.
    """
    out: list[Command] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):  # GitLab `!reference` or a CircleCI `run: {command: ...}`
            item = item.get("command") or item.get("script") or ""
        if not isinstance(item, str):
            continue
        base = item.line if isinstance(item, LStr) else fallback_line
        offset = 1 if isinstance(item, LStr) and item.block else 0
        out.extend(Command(text, base + (offset + i if offset else 0)) for i, text in _logical_lines(item))
    return out


def script_commands(script: str) -> list[tuple[int, str]]:
    """(1-based line, command) for each command line of a shell script file, as :func:`shell_lines` reads
    them (continuations joined, heredoc bodies, comments and echo lines left out)."""
    return [(i + 1, text) for i, text in _logical_lines(script)]


def _logical_lines(script: str) -> Iterator[tuple[int, str]]:
    """(index of the first physical line, command) for each command line of a shell script."""
    lines = script.splitlines()
    i = 0
    while i < len(lines):
        start, text = i, lines[i].strip()
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text = text[:-1].rstrip() + " " + lines[i].strip()
        i += 1
        heredoc = _HEREDOC.search(text)
        if heredoc and not text.startswith("#"):
            end = heredoc.group(1)
            while i < len(lines) and lines[i].strip() != end:
                i += 1
            i += 1
        if text and not _SHELL_NOISE.match(text):
            yield start, _strip_comment(text)


def _strip_comment(text: str) -> str:
    """``python train.py --epochs 1  # train`` -> ``python train.py --epochs 1`` (not inside quotes)."""
    m = _TRAILING_COMMENT.search(text)
    if m is None or text[: m.start()].count("'") % 2 or text[: m.start()].count('"') % 2:
        return text
    return text[: m.start()]


def covers(workflow: Workflow, command: Command, subdir: str | None) -> bool:
    """Whether a command concerns the project in ``subdir`` of a monorepo (always true without one).

    A workflow whose path filters name only other folders, or a command run in (or ``cd`` into) another
    folder, is about another project.
    """
    if not subdir:
        return True
    if workflow.paths and not any(_prefix_related(_literal_prefix(p), subdir) for p in workflow.paths):
        return False
    cwd = command.cwd
    if not cwd and command.text.startswith("cd "):
        cwd = command.text[3:].split("&&")[0].split(";")[0].strip()
    cwd = cwd.strip("'\"").removeprefix("./").rstrip("/")
    if not cwd or cwd == "." or cwd.startswith("$") or _prefix_related(cwd + "/", subdir):
        return True
    # outside GitHub Actions, a step's folder (Cloud Build `dir`) may be relative to the config's folder
    folder = (command.path or workflow.path).rpartition("/")[0]
    nested = bool(folder) and _prefix_related(f"{folder}/{cwd}/", subdir)
    return workflow.system != "GitHub Actions" and nested


def _literal_prefix(pattern: str) -> str:
    pattern = pattern.lstrip("!").removeprefix("./")
    cut = min((i for i, ch in enumerate(pattern) if ch in "*?[{"), default=len(pattern))
    return pattern[:cut]


def _prefix_related(prefix: str, subdir: str) -> bool:
    """``prefix`` (a folder path ending in / or a file prefix) lies in, above or at ``subdir``."""
    return prefix.startswith(subdir + "/") or (subdir + "/").startswith(prefix) or prefix == subdir


def line_of(value: Any, default: int = 0) -> int:
    """The line of a located YAML value (first scalar found in it)."""
    if isinstance(value, LStr):
        return value.line
    if isinstance(value, dict):
        for k, v in value.items():
            return k.line if isinstance(k, LStr) else line_of(v, default)
    if isinstance(value, list) and value:
        return line_of(value[0], default)
    return default
