"""Detectors for the ci area: a CI system, CI running tests, scheduled training, automated deployment."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._ci_hits import Hit, classified, is_smoke
from maturity.scan.detectors._ci_hits import hits as hits  # quality.py reads CI lint commands through it
from maturity.scan.detectors._commands import Kind
from maturity.scan.detectors._found import finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.ci import SYSTEMS, config_files, workflows
from maturity.scan.parsers.ci.model import DATA, MANUAL, SCHEDULE, Command, covers
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SYSTEM_NAMES = ", ".join(s.name for s in SYSTEMS)
# reusable workflows/actions of this repository or another, and remote job submissions: they may run tests
_REMOTE = re.compile(
    r"^uses:\s+\./|\.ya?ml@|^include:\s|\b(?:anyscale\s+jobs?\s+submit|ray\s+job\s+submit|sky\s+(?:jobs\s+)?launch"
    r"|az\s+ml\s+job\s+create|gcloud\s+ai\s+custom-jobs\s+create|modal\s+run)\b"
)
NO_CI = f"no CI configuration in any known location ({SYSTEM_NAMES})"


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


# triggers that start a job without a person; "default" is a system whose trigger lives outside the repository
AUTOMATIC = frozenset({SCHEDULE, DATA, "push", "pull_request", "tag", "pipeline"})
EXTERNAL = "default"
_STRENGTH = (SCHEDULE, DATA, "push", "pull_request", "pipeline", "tag", EXTERNAL, MANUAL)
_SAY = {EXTERNAL: "a trigger set outside the repository", "pipeline": "another pipeline's completion"}


def _trigger_text(triggers: set[str]) -> str:
    ordered = sorted(triggers, key=lambda t: _STRENGTH.index(t) if t in _STRENGTH else len(_STRENGTH))
    return ", ".join(_SAY.get(t, t) for t in ordered) or "unknown trigger"


def _strongest(triggers: set[str]) -> str:
    return next((t for t in _STRENGTH if t in triggers), "")


def _by_trigger(found: list[Hit]) -> list[Hit]:
    """Hits with the strongest trigger first (a schedule before a push before an external trigger)."""
    rank = {t: i for i, t in enumerate(_STRENGTH)}
    return sorted(found, key=lambda h: rank.get(_strongest(h.triggers), len(rank)))


@detector(
    id="ci.continuous_training",
    practices=["continuous_training"],
    summary="A CI job runs the real training (python train*.py, dvc repro, make train, mlflow run, cloud "
    "training-job or pipeline submission, a program whose code starts a training pipeline) on a schedule, a "
    "data change, or a code push/merge; smoke trainings run as tests (--epochs 1, tiny images, test-named "
    "jobs) do not count.",
    inputs=[".github/workflows/*.yml", ".gitlab-ci.yml", "Jenkinsfile", "Makefile", "*.sh", "*.py"],
    limits="Schedules set in a CI web UI are invisible; a training script must have 'train'/'fit' in its "
    "name, run through dvc/mlflow/kedro/make train, or start a pipeline whose code names training. Training "
    "started only by hand (workflow_dispatch, when: manual) is not continuous; a Cloud Build or CodeBuild "
    "config's trigger lives outside the repository (partial).",
)
def ci_training(repo: RepoView) -> Iterator[Finding]:
    det = "ci.continuous_training"
    found = hits(repo, Kind.training)
    real = [h for h in found if not is_smoke(h)]
    auto = _by_trigger([h for h in real if h.triggers & AUTOMATIC])
    if auto:
        proofs = [h.proof(det, f"trains on {_trigger_text(h.triggers & AUTOMATIC)}") for h in auto]
        for h in auto[:2]:
            kind = _strongest(h.triggers & AUTOMATIC)
            line = h.workflow.trigger_lines.get(kind) or None
            proofs.append(Proof(path=h.workflow.path, line=line, detector=det, detail=f"trigger: {kind}"))
        why = f"training runs in CI on {_trigger_text(auto[0].triggers & AUTOMATIC)}"
        yield finding("continuous_training", det, Outcome.present, why, proofs)
    elif external := [h for h in real if EXTERNAL in h.triggers]:
        proofs = [h.proof(det, "trains") for h in external]
        system = external[0].workflow.system
        why = f"training runs in a {system} config whose trigger is set outside the repository"
        yield finding("continuous_training", det, Outcome.partial, why, proofs)
    elif real:
        proofs = [h.proof(det, "trains when started by hand") for h in real]
        yield finding(
            "continuous_training",
            det,
            Outcome.absent,
            "training runs in CI only when started by hand",
            proofs,
        )
    elif found:
        proofs = [h.proof(det, "smoke training") for h in found]
        why = "CI runs training only as a smoke test (tiny arguments or a test job), not to produce a model"
        yield finding("continuous_training", det, Outcome.absent, why, proofs)
    else:
        why = "no CI job runs training (looked in every CI configuration)"
        yield finding("continuous_training", det, Outcome.absent, why)


@detector(
    id="ci.deploy",
    practices=["automated_deployment"],
    summary="A CI job deploys (kubectl apply, helm upgrade, terraform apply, gcloud/aws/az deploy commands, "
    "cdk/sam/serverless deploy, databricks bundle deploy, Azure deploy tasks, deploy actions, or a program "
    "whose code deploys a model: endpoint.deploy(), create_endpoint()); publishing an image alone is "
    "partial.",
    inputs=[
        ".github/workflows/*.yml",
        ".gitlab-ci.yml",
        "Jenkinsfile",
        "cloudbuild.yaml",
        "Makefile",
        "*.py",
    ],
    limits="Deployments driven by tools outside the repository (Argo CD watching a registry) are not seen; "
    "documentation deploys (gh-pages) and package uploads (twine) are not model deployments; an image "
    "published only by hand is not automated deployment.",
)
def ci_deploy(repo: RepoView) -> Iterator[Finding]:
    det = "ci.deploy"
    found = hits(repo, Kind.deploy)
    auto = _by_trigger([h for h in found if h.triggers - {MANUAL}])
    if auto:
        proofs = [h.proof(det, f"deploys on {_trigger_text(h.triggers)}") for h in auto]
        why = f"CI deploys on {_trigger_text(auto[0].triggers)}"
        yield finding("automated_deployment", det, Outcome.present, why, proofs)
        return
    published = hits(repo, Kind.publish)
    auto_published = [h for h in published if h.triggers - {MANUAL}]
    proofs = [h.proof(det, "manual deploy") for h in found]
    proofs += [h.proof(det, f"publishes an image on {_trigger_text(h.triggers)}") for h in published]
    if found:
        yield finding(
            "automated_deployment", det, Outcome.partial, "deployment runs only on a manual trigger", proofs
        )
    elif auto_published:
        yield finding(
            "automated_deployment", det, Outcome.partial, "CI publishes an image but no deploy step", proofs
        )
    elif published:
        why = "CI publishes an image only when started by hand, and nothing deploys it"
        yield finding("automated_deployment", det, Outcome.absent, why, proofs)
    else:
        why = "no CI job deploys or publishes an image (looked in every CI configuration)"
        yield finding("automated_deployment", det, Outcome.absent, why)


@detector(
    id="ci.pipeline_deployment",
    practices=["pipeline_deployment"],
    summary="A CI job deploys the training pipeline definition: tfx pipeline create/update, kfp pipeline "
    "upload, a pipeline compiled then uploaded (dsl-compile + gsutil cp), az ml job create of a pipeline "
    "job, databricks bundle deploy of a bundle with jobs, or a program whose code calls pipeline.upsert(), "
    ".publish(), upload_pipeline(), create_run_from_pipeline_func() or PipelineJob(...).submit().",
    inputs=[
        ".github/workflows/*.yml",
        ".gitlab-ci.yml",
        "Jenkinsfile",
        "cloudbuild.yaml",
        "buildspec.yml",
        "*.py",
    ],
    limits="Pipelines deployed from a notebook or a console, or by CI in another repository, are not seen; "
    "a program is read one module deep (what it imports from elsewhere is not followed).",
)
def ci_pipeline_deployment(repo: RepoView) -> Iterator[Finding]:
    det = "ci.pipeline_deployment"
    found = hits(repo, Kind.pipeline) + _compiled_and_uploaded(repo)
    auto = _by_trigger([h for h in found if h.triggers - {MANUAL}])
    if auto:
        proofs = [h.proof(det, f"deploys the pipeline on {_trigger_text(h.triggers)}") for h in auto]
        why = f"CI deploys the pipeline definition on {_trigger_text(auto[0].triggers)}"
        yield finding("pipeline_deployment", det, Outcome.present, why, proofs)
    elif found:
        proofs = [h.proof(det, "deploys the pipeline when started by hand") for h in found]
        why = "CI deploys the pipeline definition only when started by hand"
        yield finding("pipeline_deployment", det, Outcome.partial, why, proofs)
    else:
        why = (
            "no CI job publishes, upserts or uploads a pipeline definition (looked in every CI configuration)"
        )
        yield finding("pipeline_deployment", det, Outcome.absent, why if workflows(repo) else NO_CI)


def _compiled_and_uploaded(repo: RepoView) -> list[Hit]:
    """A pipeline compiled by one command and uploaded by a later command of the same job."""
    compiled: dict[int, Hit] = {}
    out: list[Hit] = []
    for group in classified(repo):
        for hit, kind in group:
            key = id(hit.job)
            if kind == Kind.compile:
                compiled.setdefault(key, hit)
            elif kind == Kind.upload and key in compiled and compiled[key].index < hit.index:
                first = compiled.pop(key)
                what = f"{first.text[:60]}; {first.note}" if first.note else first.text[:60]
                note = f"compiled at {first.path}:{first.line} ({what})"
                out.append(
                    Hit(hit.workflow, hit.job, hit.path, hit.line, hit.text, hit.step, note, hit.index)
                )
    return out


DETECTORS: list[Detector] = [ci_config, ci_tests, ci_training, ci_deploy, ci_pipeline_deployment]
