"""CI configurations of every supported system, parsed into one model (``ci.model``).

The direction of imports is one way: this registry -> one module per system -> ``walk`` -> ``model``.
Add a system by writing ``ci/<system>.py`` with a ``SYSTEM`` and listing it in ``SYSTEMS``.
"""

from __future__ import annotations

import posixpath
import re
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
    """Every CI workflow in the repository (cached per view).

    Files a pipeline includes (Azure templates, GitLab local includes) are read inside the pipeline that
    includes them, with its triggers, not again as pipelines of their own.
    """
    if repo in _CACHE:
        return _CACHE[repo]
    found: list[Workflow] = []
    configs = _configs(repo)
    for system, path in configs:
        found.extend(system.extract(repo, path))
    claimed = {path for _, path in configs}
    for path in _submitted(repo, found) - claimed:  # a Cloud Build config another CI file submits
        found.extend(cloudbuild.SYSTEM.extract(repo, path))
    included = {
        c.path for wf in found for job in wf.jobs for c in job.commands if c.path and c.path != wf.path
    }
    found = [wf for wf in found if wf.path not in included]
    _CACHE[repo] = found
    return found


_SUBMIT = re.compile(r"\bgcloud\s+(?:beta\s+)?builds\s+submit\s.*--config[=\s]+['\"]?([\w./-]+\.ya?ml)")


def _submitted(repo: RepoView, found: list[Workflow]) -> set[str]:
    """Build configs that CI commands submit with ``gcloud builds submit --config FILE``."""
    out: set[str] = set()
    for wf in found:
        folder = posixpath.dirname(wf.path)
        for m in (_SUBMIT.search(c.text) for job in wf.jobs for c in job.commands):
            ref = m.group(1).removeprefix("./") if m else ""
            out.update(p for p in (ref, posixpath.join(folder, ref)) if ref and repo.exists(p))
    return out


def config_files(repo: RepoView) -> dict[str, list[str]]:
    """CI config files by system name, whether or not they parse (only those the system would run)."""
    out: dict[str, list[str]] = {}
    for system, path in _configs(repo):
        out.setdefault(system.name, []).append(path)
    return out


def _configs(repo: RepoView) -> list[tuple[System, str]]:
    """(system, file) for every configuration: by the systems' file patterns, then by content for YAML
    files no pattern claims (a Cloud Build config or a buildspec under any name)."""
    if repo in _FILES:
        return _FILES[repo]
    out: list[tuple[System, str]] = []
    for (
        system
    ) in SYSTEMS:  # only the files the system would run (the root GitLab CI file and its includes...)
        out.extend((system, path) for path in repo.glob(*system.patterns) if system.active(repo, path))
    claimed = {path for _, path in out}
    sniffers = [s for s in SYSTEMS if s.sniff is not None]
    for path in repo.with_suffix(".yml", ".yaml"):
        if path not in claimed:
            sniffed = next((s for s in sniffers if s.sniff is not None and s.sniff(repo, path)), None)
            if sniffed is not None:
                out.append((sniffed, path))
    _FILES[repo] = out
    return out


_CACHE: WeakKeyDictionary[RepoView, list[Workflow]] = WeakKeyDictionary()
_FILES: WeakKeyDictionary[RepoView, list[tuple[System, str]]] = WeakKeyDictionary()
