"""CI configurations of every supported system, parsed into one model (``ci.model``).

The direction of imports is one way: this registry -> one module per system -> ``walk`` -> ``model``.
Add a system by writing ``ci/<system>.py`` with a ``SYSTEM`` and listing it in ``SYSTEMS``.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from maturity.scan.parsers.ci import (
    azure,
    bitbucket,
    buildkite,
    circleci,
    cloudbuild,
    codebuild,
    drone,
    github,
    gitlab,
    jenkins,
    tekton,
    travis,
)
from maturity.scan.parsers.ci.model import System, Workflow
from maturity.scan.repo import RepoView

SYSTEMS: tuple[System, ...] = tuple(
    m.SYSTEM
    for m in (
        github,
        gitlab,
        azure,
        jenkins,
        circleci,
        bitbucket,
        travis,
        buildkite,
        cloudbuild,
        codebuild,
        tekton,
        drone,
    )
)


def workflows(repo: RepoView) -> list[Workflow]:
    """Every CI workflow in the repository (cached per view)."""
    if repo in _CACHE:
        return _CACHE[repo]
    found: list[Workflow] = []
    for system in SYSTEMS:
        for path in repo.glob(*system.patterns):
            found.extend(system.extract(repo, path))
    _CACHE[repo] = found
    return found


def config_files(repo: RepoView) -> dict[str, list[str]]:
    """CI config files by system name, whether or not they parse (only those the system would run)."""
    out: dict[str, list[str]] = {}
    for system in SYSTEMS:
        files = [f for f in repo.glob(*system.patterns) if system.active(repo, f)]
        if files:
            out.setdefault(system.name, []).extend(files)
    return out


_CACHE: WeakKeyDictionary[RepoView, list[Workflow]] = WeakKeyDictionary()
