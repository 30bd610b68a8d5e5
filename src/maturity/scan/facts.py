"""Repository facts for ``details``: file counts by kind, notebook share, git history."""

from __future__ import annotations

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
    """:func:`git_facts` and :func:`git_history` together (run in a thread by the scan)."""
    return git_facts(root), git_history(root)


def git_facts(root: Path) -> GitFacts:
    """Commit, branch and dirty flag; each None when git cannot tell (empty or detached repo)."""
    try:
        import git  # gitpython: imported here, never on the path of `maturity --help`
    except ImportError:  # pragma: no cover
        return GitFacts()
    try:
        repo = git.Repo(root)
    except Exception:
        return GitFacts()
    facts = GitFacts()
    try:
        facts.commit = repo.head.commit.hexsha
    except Exception:
        facts.commit = None
    try:
        facts.branch = None if repo.head.is_detached else repo.active_branch.name
    except Exception:
        facts.branch = None
    try:
        facts.dirty = repo.is_dirty(untracked_files=False)
    except Exception:
        facts.dirty = None
    return facts


def git_history(root: Path) -> dict[str, Any]:
    """Commits, contributors, last commit date, tags, shallow flag; empty values when unknown."""
    try:
        import git
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, Any] = {"commits": 0, "contributors": 0, "last_commit": None, "tags": 0}
    try:
        repo = git.Repo(root)
        out["shallow"] = repo.git.rev_parse("--is-shallow-repository").strip() == "true"
        out["tags"] = len(repo.tags)
        head = repo.head.commit
        out["last_commit"] = head.committed_datetime.isoformat()
        out["commits"] = int(repo.git.rev_list("--count", "HEAD"))
        authors = repo.git.log("--format=%ae").splitlines()
        out["contributors"] = len(set(authors))
    except Exception:
        pass
    return out
