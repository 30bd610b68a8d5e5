"""The generic extractor for YAML CI systems whose commands sit under run/script/commands... keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from maturity.scan.parsers.ci.model import Extractor, Workflow
from maturity.scan.parsers.ci.walk import jobs
from maturity.scan.repo import RepoView

Refine = Callable[[dict[str, Any], Workflow], None]


def generic(system: str, default: set[str], refine: Refine | None = None) -> Extractor:
    """Every YAML document of the file is a workflow; ``refine`` reads the system's own triggers."""

    def extract(repo: RepoView, path: str) -> Iterator[Workflow]:
        for doc in repo.yaml_located(path):
            if isinstance(doc, (dict, list)):
                wf = Workflow(system, path, set(default))
                wf.jobs = list(jobs(doc, system, path).values())
                if refine is not None and isinstance(doc, dict):
                    refine(doc, wf)
                yield wf

    return extract
