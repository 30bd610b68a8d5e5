"""Repository facts for ``details``: file counts by kind, notebook share, git history."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from maturity.scan.models import GitFacts, PracticeEvidence
from maturity.scan.repo import RepoView

KINDS = {
    ".py": "python",
    ".ipynb": "notebook",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".md": "markdown",
    ".rst": "markdown",
    ".sql": "sql",
    ".r": "r",
    ".sh": "shell",
    ".tf": "terraform",
    ".csv": "data",
    ".parquet": "data",
    ".pkl": "model",
    ".joblib": "model",
    ".h5": "model",
    ".onnx": "model",
    ".pt": "model",
    ".pth": "model",
}


def collect_facts(
    repo: RepoView, practices: dict[str, PracticeEvidence], git: dict[str, Any] | None = None
) -> dict[str, Any]:
    """File counts, notebook share, every detector's ``details`` (tools merged), git history."""
    counts: Counter[str] = Counter()
    for f in repo.files:
        name = f.rsplit("/", 1)[-1].lower()
        dot = name.rfind(".")
        counts[KINDS.get(name[dot:], "other") if dot > 0 else "other"] += 1
    code = counts["python"] + counts["notebook"]
    facts: dict[str, Any] = {
        "files": len(repo.files),
        "files_by_kind": dict(sorted(counts.items())),
        "notebook_share": round(counts["notebook"] / code, 3) if code else 0.0,
    }
    tools: dict[str, Any] = {}
    for p in practices.values():
        for key, value in p.details.items():
            facts.setdefault(key, value)
            if key.endswith("_tools"):
                tools[key.removesuffix("_tools")] = value
    facts["tools"] = dict(sorted(tools.items()))
    if git is not None:
        facts["git"] = git
    return facts


def git_summary(root: Path) -> tuple[GitFacts, dict[str, Any]]:
    """Commit, branch and dirty flag; history (commits, contributors, last commit date, tags, shallow).

    Four ``git`` commands started together (run in a thread by the scan, while the detectors work);
    what git cannot tell (an empty repository, a detached HEAD) stays None or zero. Read-only:
    ``--no-optional-locks`` keeps ``git status`` from refreshing the repository's index.
    """
    commands = {
        "status": ["--no-optional-locks", "status", "--porcelain=v2", "--branch", "--untracked-files=no"],
        "log": ["log", "--format=%cI%x09%ae"],
        "shallow": ["rev-parse", "--is-shallow-repository"],
        "tags": ["for-each-ref", "--format=x", "refs/tags"],
    }
    out = {name: _git_lines(proc) for name, proc in _started(root, commands).items()}
    return _facts(out["status"]), _history(out)


def _started(root: Path, commands: dict[str, list[str]]) -> dict[str, subprocess.Popen[bytes] | None]:
    procs: dict[str, subprocess.Popen[bytes] | None] = {}
    for name, args in commands.items():
        try:
            procs[name] = subprocess.Popen(
                ["git", "-C", str(root), *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            procs[name] = None
    return procs


def _git_lines(proc: subprocess.Popen[bytes] | None) -> list[str] | None:
    """The output lines of a finished ``git`` command, or None when it failed."""
    if proc is None:
        return None
    data, _ = proc.communicate()
    return data.decode("utf-8", errors="replace").splitlines() if proc.returncode == 0 else None


def _facts(status: list[str] | None) -> GitFacts:
    if status is None:
        return GitFacts()
    header = {k: v for k, _, v in (ln[2:].partition(" ") for ln in status if ln.startswith("# "))}
    oid, head = header.get("branch.oid"), header.get("branch.head")
    return GitFacts(
        commit=oid if oid and oid != "(initial)" else None,
        branch=head if head and head != "(detached)" else None,
        dirty=any(not ln.startswith("#") for ln in status),
    )


def _history(out: dict[str, list[str] | None]) -> dict[str, Any]:
    history: dict[str, Any] = {"commits": 0, "contributors": 0, "last_commit": None, "tags": 0}
    if out["shallow"] is not None:
        history["shallow"] = out["shallow"][:1] == ["true"]
    history["tags"] = len(out["tags"] or [])
    log = out["log"]
    if log:
        history["last_commit"] = log[0].partition("\t")[0]
        history["commits"] = len(log)
        history["contributors"] = len({ln.partition("\t")[2] for ln in log})
    return history
