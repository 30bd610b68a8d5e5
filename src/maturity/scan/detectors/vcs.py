"""Detectors for version control."""

from __future__ import annotations

from collections.abc import Iterator

from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView


@detector(
    id="vcs.git",
    practices=["version_control"],
    summary="The project is a git work tree with at least one commit (history facts go to details).",
    inputs=[".git"],
    limits="Other version control systems (Mercurial, SVN) and copies without .git are reported as unknown.",
)
def git_work_tree(repo: RepoView) -> Iterator[Finding]:
    if not repo.is_git:
        yield Finding(
            practice="version_control",
            outcome=Outcome.unknown,
            detector="vcs.git",
            message="not a git work tree (a copy without history?)",
        )
        return
    anchor = ".git"  # the proof is git itself (a commit), not a file such as .gitignore
    if repo.head is None:
        yield Finding(
            practice="version_control",
            outcome=Outcome.partial,
            detector="vcs.git",
            evidence=[Proof(path=anchor, detector="vcs.git", detail="git repository without commits")],
            message="a git repository with no commits yet",
        )
        return
    yield Finding(
        practice="version_control",
        outcome=Outcome.present,
        detector="vcs.git",
        evidence=[
            Proof(path=anchor, line=None, detector="vcs.git", detail=f"git commit {repo.head[:12]} (HEAD)")
        ],
        message="the project is under git",
    )


DETECTORS: list[Detector] = [git_work_tree]
