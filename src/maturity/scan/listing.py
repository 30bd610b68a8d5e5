"""Listing a project's files: git ls-files (tracked + untracked-not-ignored) or a walk, with the rules

for what is never scanned (virtualenvs, vendored code, build output), what governs a monorepo subfolder,
and which symlinks are not followed. Used only by :class:`maturity.scan.repo.RepoView`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
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
            ["git", "-C", str(path), "rev-parse", "--show-toplevel"],
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
    """Tracked and untracked-not-ignored files, and the tracked regular files (which need no lstat).

    A tracked file deleted from the work tree but not committed stays listed; reading it fails and is
    recorded as skipped.
    """
    cmd = ["git", "-C", str(top), "ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
    try:
        out = subprocess.run(cmd, capture_output=True, check=False)
    except OSError:
        return None
    if out.returncode != 0:
        raise git_error(top, out.stderr.decode("utf-8", errors="replace"))
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


def existing(
    top: Path, files: list[str], skipped: list[SkippedFile], regular: set[str] | None = None
) -> list[str]:
    """Drop deleted files; drop (and record) symlinks that leave ``top``, loop or point at folders.

    ``regular`` files (tracked as regular files by git) are kept without a system call.
    """
    out: list[str] = []
    base = str(top)
    trusted = regular or set()
    for rel in files:
        if rel in trusted:
            out.append(rel)
            continue
        try:
            st = os.lstat(f"{base}/{rel}")
        except OSError:
            continue  # tracked but deleted from the work tree
        if stat.S_ISREG(st.st_mode):
            out.append(rel)
            continue
        if not stat.S_ISLNK(st.st_mode):
            kind = "a submodule or folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            skipped.append(SkippedFile(path=rel, reason=f"{kind} (not scanned)"))
            continue
        reason = _symlink_problem(top, top / rel)
        if reason:
            skipped.append(SkippedFile(path=rel, reason=reason))
        else:
            out.append(rel)
    return out


def _symlink_problem(top: Path, full: Path) -> str | None:
    try:
        target = full.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except OSError as exc:
        return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
    if not target.is_relative_to(top):
        return "symlink to outside the repository (not followed)"
    if not target.is_file():
        return "symlink to a folder (not followed)"
    return None


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
