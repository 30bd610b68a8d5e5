"""Detectors for version control."""

from __future__ import annotations

from collections.abc import Iterator

from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView


@detector(
    id="vcs.git",
    practices=["version_control"],
    summary="The project is a git work tree.",
    inputs=[".git"],
)
def git_work_tree(repo: RepoView) -> Iterator[Finding]:
    if repo.is_git:
        anchor = ".gitignore" if repo.exists(".gitignore") else ".git"
        yield Finding(
            practice="version_control",
            outcome=Outcome.present,
            detector="vcs.git",
            evidence=[Proof(path=anchor, line=None, detector="vcs.git", detail="git work tree")],
            message="the project is under git",
        )
    else:
        yield Finding(
            practice="version_control",
            outcome=Outcome.unknown,
            detector="vcs.git",
            message="not a git work tree (a copy without history?)",
        )


DETECTORS: list[Detector] = [git_work_tree]
