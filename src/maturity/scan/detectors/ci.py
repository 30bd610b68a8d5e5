"""Detectors for the ci area: a CI system, CI running tests, scheduled training, automated deployment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from maturity.scan.detectors._commands import Kind, indirect, kinds
from maturity.scan.detectors._found import finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.ci import SYSTEMS, config_files, workflows
from maturity.scan.parsers.ci.model import DATA, MANUAL, SCHEDULE, Command, Job, Workflow, covers
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SYSTEM_NAMES = ", ".join(s.name for s in SYSTEMS)
# reusable workflows/actions of this repository or another, and remote job submissions: they may run tests
_REMOTE = re.compile(
    r"^uses:\s+\./|\.ya?ml@|^include:\s|\b(?:anyscale\s+jobs?\s+submit|ray\s+job\s+submit|sky\s+(?:jobs\s+)?launch"
    r"|az\s+ml\s+job\s+create|gcloud\s+ai\s+custom-jobs\s+create|modal\s+run)\b"
)
NO_CI = f"no CI configuration in any known location ({SYSTEM_NAMES})"


@dataclass(frozen=True)
class Hit:
    """A command of a given kind in a CI job, possibly reached through a make target or a script."""

    workflow: Workflow
    job: Job
    path: str
    line: int
    text: str

    @property
    def triggers(self) -> set[str]:
        return self.workflow.job_triggers(self.job)

    def proof(self, detector_id: str, what: str) -> Proof:
        via = "" if self.path == self.workflow.path else f" (via {self.workflow.path}, job {self.job.name})"
        detail = f"{what}: {self.text[:100]} [{self.workflow.system}, job {self.job.name}]{via}"
        return Proof(path=self.path, line=self.line or None, detector=detector_id, detail=detail)


def hits(repo: RepoView, kind: Kind) -> list[Hit]:
    """Every CI command of ``kind``, following one level of make targets and repository scripts."""
    out: list[Hit] = []
    for wf in workflows(repo):
        base = str(PurePosixPath(wf.path).parent) if wf.system in ("GitLab CI", "Jenkins") else ""
        for job in wf.jobs:
            for cmd in (c for c in job.commands if covers(wf, c, repo.subdir)):
                if kind in kinds(cmd.text):
                    out.append(Hit(wf, job, wf.path, cmd.line, cmd.text))
                    continue
                for path, line, text in indirect(repo, cmd.text, "" if base == "." else base):
                    if kind in kinds(text):
                        out.append(Hit(wf, job, path, line, text))
                        break
    return out


@detector(
    id="ci.config",
    practices=["ci"],
    summary=f"A CI configuration of a known system ({SYSTEM_NAMES}) with at least one job.",
    inputs=[p for s in SYSTEMS for p in s.patterns],
    limits="CI configured only in a web UI (Jenkins jobs, GitLab/Bitbucket schedules) is invisible.",
)
def ci_config(repo: RepoView) -> Iterator[Finding]:
    files = config_files(repo)
    found = [wf for wf in workflows(repo) if wf.jobs]
    details = {"ci_systems": sorted({wf.system for wf in found} or set(files))}
    own = [wf for wf in found if covers(wf, Command("", 0), repo.subdir)]
    if found and not own:
        proofs = [Proof(path=wf.path, detector="ci.config", detail=f"paths: {wf.paths[:3]}") for wf in found]
        why = f"the repository's CI runs only for other folders (path filters), not {repo.subdir}"
        yield finding("ci", "ci.config", Outcome.partial, why, proofs, details)
    elif own:
        proofs = [
            Proof(path=wf.path, line=wf.jobs[0].line or None, detector="ci.config",
                  detail=f"{wf.system}: {len(wf.jobs)} job(s)")
            for wf in own
        ]  # fmt: skip
        yield finding(
            "ci", "ci.config", Outcome.present, f"CI: {', '.join(details['ci_systems'])}", proofs, details
        )
    elif files:
        proofs = [
            Proof(path=p, detector="ci.config", detail=f"{s} config") for s, ps in files.items() for p in ps
        ]
        why = "CI configuration found but no job could be read from it (malformed or empty)"
        yield finding("ci", "ci.config", Outcome.partial, why, proofs, details)
    else:
        yield finding("ci", "ci.config", Outcome.absent, NO_CI)


@detector(
    id="ci.tests",
    practices=["ci_runs_tests"],
    summary="A CI job runs a test command (pytest, python -m pytest/unittest, tox, nox, make test, ...), "
    "directly or through a make target or repository script.",
    inputs=[".github/workflows/*.yml", ".gitlab-ci.yml", "Makefile", "*.sh"],
    limits="Tests run inside reusable actions/templates from other repositories are not seen "
    "(then: unknown). Comments, echo lines and 'pip install pytest' never count.",
)
def ci_tests(repo: RepoView) -> Iterator[Finding]:
    flows = [wf for wf in workflows(repo) if wf.jobs]
    if not flows and config_files(repo):
        unreadable = "CI configuration found but no job could be read from it (malformed or empty)"
        yield Finding(
            practice="ci_runs_tests", outcome=Outcome.unknown, detector="ci.tests", message=unreadable
        )
        return
    if not flows:
        yield Finding(practice="ci_runs_tests", outcome=Outcome.absent, detector="ci.tests", message=NO_CI)
        return
    found = hits(repo, Kind.tests)
    if found:
        proofs = [h.proof("ci.tests", "runs tests") for h in found]
        yield Finding(
            practice="ci_runs_tests",
            outcome=Outcome.present,
            detector="ci.tests",
            evidence=proofs[:8],
            message=f"CI runs tests ({found[0].text[:60]})",
        )
    elif any(_REMOTE.search(c.text) for wf in flows for j in wf.jobs for c in j.commands):
        yield Finding(
            practice="ci_runs_tests",
            outcome=Outcome.unknown,
            detector="ci.tests",
            message="no test command in CI, but it calls reusable workflows or submits remote jobs "
            "that may run tests",
        )
    else:
        yield Finding(
            practice="ci_runs_tests",
            outcome=Outcome.absent,
            detector="ci.tests",
            message="CI is configured but no job runs a test command",
        )


def _trigger_text(triggers: set[str]) -> str:
    return ", ".join(sorted(triggers)) or "unknown trigger"


@detector(
    id="ci.continuous_training",
    practices=["continuous_training"],
    summary="A CI job triggered by a schedule (cron) or by a data change runs training "
    "(python train*.py, dvc repro, make train, mlflow run, cloud training-job submit).",
    inputs=[".github/workflows/*.yml", ".gitlab-ci.yml", "Jenkinsfile", "Makefile"],
    limits="Schedules set in a CI web UI are invisible; a training script must have 'train'/'fit' "
    "in its name or run through dvc/mlflow/kedro/make train.",
)
def ci_training(repo: RepoView) -> Iterator[Finding]:
    found = hits(repo, Kind.training)
    auto = [h for h in found if h.triggers & {SCHEDULE, DATA}]
    det = "ci.continuous_training"
    if auto:
        proofs = [h.proof(det, f"trains on {_trigger_text(h.triggers & {SCHEDULE, DATA})}") for h in auto]
        for h in auto[:2]:
            kind = SCHEDULE if SCHEDULE in h.triggers else DATA
            line = h.workflow.trigger_lines.get(kind) or None
            proofs.append(Proof(path=h.workflow.path, line=line, detector=det, detail=f"trigger: {kind}"))
        why = "training runs in CI on a schedule or data change"
        yield finding("continuous_training", det, Outcome.present, why, proofs)
    elif found:
        proofs = [h.proof(det, "trains") for h in found]
        when = _trigger_text(found[0].triggers)
        why = f"training runs in CI only on {when}, not on a schedule or data change"
        yield finding("continuous_training", det, Outcome.partial, why, proofs)
    else:
        why = "no CI job runs training (looked in every CI configuration)"
        yield finding("continuous_training", det, Outcome.absent, why)


@detector(
    id="ci.deploy",
    practices=["automated_deployment"],
    summary="A CI job deploys (kubectl apply, helm upgrade, terraform apply, gcloud/aws/az deploy commands, "
    "cdk/sam/serverless deploy, deploy actions); publishing an image alone is partial.",
    inputs=[".github/workflows/*.yml", ".gitlab-ci.yml", "Jenkinsfile", "cloudbuild.yaml", "Makefile"],
    limits="Deployments driven by tools outside the repository (Argo CD watching a registry) are not seen; "
    "documentation deploys (gh-pages) and package uploads (twine) are not model deployments.",
)
def ci_deploy(repo: RepoView) -> Iterator[Finding]:
    found = hits(repo, Kind.deploy)
    auto = [h for h in found if h.triggers - {MANUAL}]
    if auto:
        proofs = [h.proof("ci.deploy", f"deploys on {_trigger_text(h.triggers)}") for h in auto]
        yield Finding(
            practice="automated_deployment",
            outcome=Outcome.present,
            detector="ci.deploy",
            evidence=proofs[:8],
            message=f"CI deploys on {_trigger_text(auto[0].triggers)}",
        )
        return
    published = hits(repo, Kind.publish)
    if found or published:
        proofs = [
            h.proof("ci.deploy", "manual deploy" if h in found else "publishes an image")
            for h in found + published
        ]
        why = (
            "deployment runs only on a manual trigger"
            if found
            else "CI publishes an image but no deploy step"
        )
        yield Finding(
            practice="automated_deployment",
            outcome=Outcome.partial,
            detector="ci.deploy",
            evidence=proofs[:8],
            message=why,
        )
    else:
        yield Finding(
            practice="automated_deployment",
            outcome=Outcome.absent,
            detector="ci.deploy",
            message="no CI job deploys or publishes an image (looked in every CI configuration)",
        )


DETECTORS: list[Detector] = [ci_config, ci_tests, ci_training, ci_deploy]
