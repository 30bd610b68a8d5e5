"""Collecting what platform definitions declare, practice by practice, into findings.

A platform detector reads one kind of definition (a Databricks bundle, Azure ML specs, Terraform) that
may prove several practices; it adds each proof as ``present`` or ``partial`` (with the reason) and
turns them into one finding per practice at the end. Nothing found means no finding: the other
detectors of a practice say what is absent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from maturity.scan.detectors._commands import indirect
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.ci import workflows
from maturity.scan.parsers.ci.model import MANUAL, covers
from maturity.scan.repo import RepoView

MAX_PROOFS = 6
# a training step named as such: train, retrain, training, train_model, fit_model (not "trainer" configs)
TRAIN_NAME = re.compile(r"(?i)(?:^|[^a-z])(?:re)?train(?:ing)?(?:[^a-z]|$)|(?:^|[^a-z])fit(?:[^a-z]|$)")


class Declared:
    """Proofs per practice: present ones, and partial ones with their reasons."""

    def __init__(self, detector_id: str) -> None:
        self.detector = detector_id
        self.present: dict[str, list[Proof]] = defaultdict(list)
        self.partial: dict[str, list[tuple[Proof, str]]] = defaultdict(list)

    def add(self, practice: str, path: str, line: int | None, detail: str, partial: str = "") -> None:
        """A proof of ``practice``; with ``partial`` (the reason) it only makes the practice partial."""
        proof = Proof(path=path, line=line or None, detector=self.detector, detail=detail)
        if partial:
            self.partial[practice].append((proof, partial))
        else:
            self.present[practice].append(proof)

    def findings(self) -> Iterator[Finding]:
        for practice in dict.fromkeys([*self.present, *self.partial]):
            proofs = self.present.get(practice)
            if proofs:
                first = proofs[0]
                where = f"{first.path}:{first.line}" if first.line else first.path
                yield Finding(
                    practice=practice,
                    outcome=Outcome.present,
                    detector=self.detector,
                    evidence=proofs[:MAX_PROOFS],
                    message=f"{first.detail} ({where})",
                )
            else:
                partial = self.partial[practice]
                yield Finding(
                    practice=practice,
                    outcome=Outcome.partial,
                    detector=self.detector,
                    evidence=[p for p, _ in partial][:MAX_PROOFS],
                    message=partial[0][1],
                )


def trains(*names: str) -> bool:
    """Whether a step's name, script or command names training (train.py, train_model, retrain...)."""
    return any(TRAIN_NAME.search(n) for n in names if n)


@dataclass(frozen=True)
class CiRun:
    """A CI command matching a pattern, where it is, and whether an automatic trigger runs it."""

    path: str
    line: int
    text: str
    auto: bool
    detail: str  # "on push: <command> [GitHub Actions, job deploy]"


def ci_runs(repo: RepoView, pattern: re.Pattern[str]) -> list[CiRun]:
    """CI commands matching ``pattern``, directly or through a make target or repository script."""
    out: list[CiRun] = []
    for wf in workflows(repo):
        for job in wf.jobs:
            for cmd in (c for c in job.commands if covers(wf, c, repo.subdir)):
                lines = [(wf.path, cmd.line, cmd.text), *indirect(repo, cmd.text, "")]
                hit = next(((p, n, t) for p, n, t in lines if pattern.search(t)), None)
                if hit is None:
                    continue
                auto = sorted(wf.job_triggers(job) - {MANUAL})
                when = ", ".join(auto) if auto else "manual trigger only"
                detail = f"on {when}: {hit[2][:80]} [{wf.system}, job {job.name}]"
                out.append(CiRun(hit[0], hit[1], hit[2], bool(auto), detail))
    return out
