"""Listing a project's files: git ls-files (tracked + untracked-not-ignored) or a walk, with the rules

for what is never scanned (virtualenvs, vendored code, build output) and what governs a monorepo
subfolder (:mod:`maturity.scan.ondisk` checks what is on disk). Used only by
:class:`maturity.scan.repo.RepoView`.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from maturity.errors import GitError
from maturity.scan.models import SkippedFile

# folders never scanned: environments, vendored code, build output, caches
EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        ".env",
        "virtualenv",
        "node_modules",
        "vendor",
        "vendored",
        "third_party",
        "third-party",
        "site-packages",
        "dist",
        "build",
        "__pycache__",
        ".tox",
        ".nox",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
        ".terraform",
        ".cache",
        "htmlcov",
        ".idea",
        ".vscode-test",
    }
)

# files outside a monorepo subfolder that still govern it (CI, hooks, lock files at the root)
GOVERNING_DIRS = (
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".buildkite/",
    ".azure-pipelines/",
    ".tekton/",
)

# a repository's own .git/config must not make listing run a program (core.fsmonitor is a command)
_GIT = ["git", "-c", "core.fsmonitor=false"]


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Glob with ``**`` (any folders), ``*`` and ``?`` (within one path segment)."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


def git_toplevel(path: Path) -> Path | None:
    """The work tree's root, or None when ``path`` is not in a git work tree.

    Any other git failure (a repository git refuses, such as "dubious ownership" when the CI user is
    not the checkout's owner, or git missing where there is a ``.git``) is a :class:`GitError`: a
    repository read as a plain folder would lose its history and look like a regression.
    """
    try:
        out = subprocess.run(
            [*_GIT, "-C", str(path), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        if any((d / ".git").exists() for d in (path, *path.parents)):
            raise GitError(f"{path} is a git repository but git cannot run: {exc.strerror or exc}",
                           hint="install git (e.g. apt-get install git)") from None  # fmt: skip
        return None
    if out.returncode != 0 and "not a git repository" not in out.stderr:
        raise git_error(path, out.stderr)
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return Path(out.stdout.strip()).resolve()


def git_error(path: Path, stderr: str) -> GitError:
    """What git said (its first ``fatal:`` line) and how to fix it."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    said = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), lines[0] if lines else "failed")
    hint = None
    if "dubious ownership" in stderr or "safe.directory" in stderr:
        hint = (
            f"the checkout belongs to another user: `git config --global --add safe.directory {path}` "
            "(or run as the owner)"
        )
    return GitError(f"git refused {path}: {said.removeprefix('fatal: ')}", hint=hint)


def git_head(root: Path) -> str | None:
    """The commit HEAD points at, or None (a repository without commits)."""
    cmd = ["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def git_list(top: Path) -> tuple[list[str], set[str]] | None:
    """Tracked and untracked-not-ignored files, and the files git tracks as regular files that are still
    regular files on disk (which need no lstat).

    What git recorded is not what is on disk: a tracked file may have been replaced by a symlink, a FIFO
    or a folder, or a tracked folder by a symlink. ``git ls-files --modified`` (git compares its index
    with the work tree in C) names those; they are checked with ``lstat`` like untracked files. A
    tracked file deleted from the work tree but not committed is dropped by :func:`existing`.
    """
    cmd = [*_GIT, "-C", str(top), "ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
    try:
        out = subprocess.run(cmd, capture_output=True, check=False)
        changed = subprocess.run([*_GIT, "-C", str(top), "ls-files", "-z", "--modified"],
                                 capture_output=True, check=False)  # fmt: skip
    except OSError:
        return None
    if out.returncode != 0:
        raise git_error(top, out.stderr.decode("utf-8", errors="replace"))
    if changed.returncode != 0:
        raise git_error(top, changed.stderr.decode("utf-8", errors="replace"))
    names: dict[str, None] = {}
    regular: set[str] = set()
    for entry in out.stdout.decode("utf-8", errors="surrogateescape").split("\0"):
        m = _STAGED.match(entry)
        if m:
            name = entry[m.end() :]
            if m.group(1) in ("100644", "100755"):
                regular.add(name)
        else:
            name = entry
        if name:
            names[name] = None
    regular.difference_update(changed.stdout.decode("utf-8", errors="surrogateescape").split("\0"))
    return list(names), regular


_STAGED = re.compile(r"(\d{6}) [0-9a-f]{7,64} \d\t")


# A walk prunes every `build/` folder. In a git work tree, a `build/` folder that git lists (tracked, or not
# ignored) holds sources such as CI configs and build scripts: only packaging and docs output inside it is
# left out.
_BUILD_OUTPUT = ("lib", "html", "doctrees", "static", "bdist.", "temp.", "lib.", "scripts-")


def keep(path: str, subdir: str | None, excludes: list[re.Pattern[str]]) -> bool:
    parts = path.split("/")
    if len(parts) > 1 and any(_excluded(parts, i) for i in range(len(parts) - 1)):
        return False
    if excludes and any(r.match("/".join(parts[: i + 1])) for r in excludes for i in range(len(parts))):
        return False
    if subdir is None:
        return True
    return path.startswith(subdir + "/") or "/" not in path or path.startswith(GOVERNING_DIRS)


def _excluded(parts: list[str], i: int) -> bool:
    if parts[i] == "build":
        return i + 2 < len(parts) and parts[i + 1].startswith(_BUILD_OUTPUT)
    return parts[i] in EXCLUDED_DIRS or parts[i].endswith(".egg-info")


def walk(root: Path, skipped: list[SkippedFile]) -> Iterator[str]:
    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        skipped.append(SkippedFile(path=rel, reason=f"unreadable folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root)
        for d in dirnames:
            if Path(dirpath, d).is_symlink():
                filenames.append(d)  # reported by existing() as a symlink to a folder
        dirnames[:] = [d for d in dirnames if d not in EXCLUDED_DIRS and not d.endswith(".egg-info")]
        for name in filenames:
            yield (rel_dir / name).as_posix()
