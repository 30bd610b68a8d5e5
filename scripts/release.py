"""Cut a release: the version tags the GitHub Action, the GitLab template and pre-commit are pinned to.

    python scripts/release.py check          # every pinned ref names v{__version__} (a test runs this)
    python scripts/release.py tag [--push]   # tag vX.Y.Z and move vX to it (then push both, with --push)

Users pin ``maturity-dev/maturity@v0`` (moves with every 0.x release) or ``@v0.2.0`` (never moves). The
GitLab template installs the tag in its ``MATURITY_VERSION`` and the README's snippets name it, so a release
bumps ``__version__`` and those refs in one commit (``check`` says which are behind), then runs ``tag``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# file -> pattern whose group 1 must be the release tag
PINNED = {
    "ci/gitlab/maturity.gitlab-ci.yml": r'MATURITY_VERSION: "(v[^"]+)"',
    "ci/gitlab/maturity-result.gitlab-ci.yml": r'MATURITY_VERSION: "(v[^"]+)"',
    ".github/workflows/maturity-result.yml": r'default: "(v\d[^"]*)"',
    "docs/readme/ci.md": r"maturity-dev/maturity/(v\d[^/]*)/ci/gitlab|rev: (v\S+)|maturity@(v\d+\.\S+?)\"",
}


def version(root: Path = ROOT) -> str:
    text = (root / "src" / "maturity" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if found is None:
        raise SystemExit("no __version__ in src/maturity/__init__.py")
    return found.group(1)


def stale(root: Path = ROOT) -> list[str]:
    """Every pinned ref that is not v{__version__}, as 'file: found ref'."""
    tag = f"v{version(root)}"
    out = []
    for rel, pattern in PINNED.items():
        refs = [next(g for g in m.groups() if g) for m in re.finditer(pattern, (root / rel).read_text())]
        if not refs:
            out.append(f"{rel}: no pinned ref found")
        out.extend(f"{rel}: {ref} (expected {tag})" for ref in refs if ref != tag)
    return out


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def tag(root: Path = ROOT, push: bool = False) -> list[str]:
    """Tag HEAD vX.Y.Z (annotated, never moved) and move the major tag vX to it."""
    if problems := stale(root):
        raise SystemExit("refs not in step with __version__:\n  " + "\n  ".join(problems))
    if git(root, "status", "--porcelain", "--untracked-files=no").strip():
        raise SystemExit("the work tree has uncommitted changes; commit the release first")
    full = f"v{version(root)}"
    major = full.split(".")[0]
    git(root, "tag", "-a", full, "-m", f"maturity {full}")
    git(root, "tag", "-f", "-a", major, "-m", f"maturity {full}")
    if push:
        git(root, "push", "origin", full)
        git(root, "push", "--force", "origin", major)
    return [full, major]


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        problems = stale()
        print("\n".join(problems) or f"every pinned ref is v{version()}")
        return 1 if problems else 0
    if argv[:1] == ["tag"]:
        print("tagged " + " and ".join(tag(push="--push" in argv)))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
