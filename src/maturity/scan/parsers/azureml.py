"""Azure ML (CLI/SDK v2) YAML specs, typed by their ``$schema``: jobs, schedules, endpoints, assets.

``$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json`` makes the
file a ``managedonlinedeployment``. Values keep their lines (located YAML).
"""

from __future__ import annotations

import posixpath
import re
import weakref
from dataclasses import dataclass
from typing import Any

from maturity.scan.repo import RepoView

_SCHEMA = re.compile(r"^\$schema:[ \t]*['\"]?(\S*azureml\S*?/([A-Za-z]+)(?:\.schema)?\.json)", re.MULTILINE)


@dataclass(frozen=True)
class Spec:
    path: str
    line: int  # the $schema line
    kind: str  # the schema name, lower case: pipelinejob, schedule, managedonlinedeployment, data, ...
    body: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.body.get(key)


def _read(repo: RepoView) -> list[Spec]:
    out: list[Spec] = []
    for path in repo.with_suffix(".yml", ".yaml"):
        text = repo.text(path) or ""
        if "$schema" not in text or "azureml" not in text.lower():
            continue
        m = _SCHEMA.search(text)
        docs = repo.yaml_located(path) if m else []
        if m and docs and isinstance(docs[0], dict):
            out.append(Spec(path, text.count("\n", 0, m.start()) + 1, m.group(2).lower(), docs[0]))
    return out


_CACHE: weakref.WeakKeyDictionary[RepoView, list[Spec]] = weakref.WeakKeyDictionary()


def specs(repo: RepoView, *kinds: str) -> list[Spec]:
    """Azure ML specs of the given kinds (every spec when none is given), read once per view."""
    if repo not in _CACHE:
        _CACHE[repo] = _read(repo)
    return [s for s in _CACHE[repo] if not kinds or s.kind in kinds]


def referenced(repo: RepoView, spec: Spec, value: Any) -> Spec | str | None:
    """What a ``create_job``/``component`` value points at: a spec file of the repo, its raw text, or None."""
    if not isinstance(value, str) or value.startswith("azureml:"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(spec.path), value.removeprefix("file:")))
    for s in specs(repo):
        if s.path == target:
            return s
    return repo.text(target) if repo.exists(target) else None
