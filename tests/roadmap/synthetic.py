"""Reports built from synthetic evidence: deterministic levels while the detectors evolve.

The real assess and roadmap stages run on evidence we choose, so a test can say "everything proven"
(a high level) or "nothing proven" (level 0) without depending on what the scanners find today.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from maturity.answers.models import Answer, Answers
from maturity.assess import assess
from maturity.frameworks.registry import Library, load_library
from maturity.report import AnswersInfo, Provenance, Report, build_report
from maturity.roadmap import plan
from maturity.scan.models import Evidence, GitFacts, Outcome, PracticeEvidence, Proof, Target

EXTRA_LEVELS = """\
id: extra
name: Extra levels framework
short_name: Extra
version: "test"
description: A small levels framework for roadmap tests.
sources: [{title: test, url: "https://example.org/extra"}]
scoring: levels
levels:
  - {level: 0, name: Start, summary: nothing}
  - level: 1
    name: Tested
    summary: tests run in CI
    criteria:
      - {id: L1.ci, title: CI runs tests, practices: [ci_runs_tests], roadmap: run tests in CI}
      - {id: L1.track, title: Runs are tracked, practices: [experiment_tracking], roadmap: track runs}
  - level: 2
    name: Registered
    summary: models registered, validated
    criteria:
      - {id: L2.registry, title: Registry, practices: [model_registry], roadmap: add a registry}
      - id: L2.gate
        title: Validation gate agreed
        practices: [model_validation]
        questions: [model_validation_gate]
        roadmap: agree a gate
      - id: L2.any
        title: Either serving or containers
        practices: [model_serving, containerization]
        match: any
        roadmap: serve
"""

EXTRA_POINTS = """\
id: points
name: Points test framework
short_name: Points
version: "test"
description: A points framework for roadmap tests.
sources: [{title: test, url: "https://example.org/points"}]
scoring: points
aggregate: min
sections:
  - id: data
    name: Data
    items:
      - {id: data-1, title: Data tests, practices: [data_tests], roadmap: test data}
      - {id: data-2, title: Data validation, practices: [data_validation], roadmap: validate data}
  - id: infra
    name: Infrastructure
    items:
      - {id: infra-1, title: CI runs tests, practices: [ci_runs_tests], roadmap: run tests}
      - {id: infra-2, title: Containers, practices: [containerization], roadmap: containerise}
bands:
  - {name: Low, up_to: 1, summary: low}
  - {name: High, above: 1, summary: high}
"""


def extra_library(folder: Path) -> Library:
    """The shipped frameworks plus a small levels and a small points framework."""
    (folder / "extra.yaml").write_text(EXTRA_LEVELS, encoding="utf-8")
    (folder / "points.yaml").write_text(EXTRA_POINTS, encoding="utf-8")
    return load_library([folder])


HOSTILE_NAME = "<img src=x onerror=alert(1)>|*evil*`.py"
HOSTILE_TEXT = "<script>alert('pwned')</script> **bold** [link](javascript:alert(1))"

WHEN = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)

PATHS = {
    "ci": ".github/workflows/ci.yml",
    "ci_runs_tests": ".github/workflows/ci.yml",
    "experiment_tracking": "train.py",
    "model_registry": "register.py",
    "containerization": "Dockerfile",
}


def evidence(
    statuses: dict[str, Outcome],
    default: Outcome = Outcome.unknown,
    path: str = "demo",
    lib: Library | None = None,
) -> Evidence:
    lib = lib or _library()
    practices = {}
    for pid in lib.practices:
        status = statuses.get(pid, default)
        proofs = []
        if status in (Outcome.present, Outcome.partial):
            file = PATHS.get(pid, f"src/{pid}.py")
            det = "ci.github_actions" if pid.startswith("ci") else f"{pid.split('_')[0]}.mlflow"
            proofs = [Proof(path=file, line=3, detector=det, detail=f"{pid} configured here")]
        reason = None if proofs else "no detector found evidence either way"
        practices[pid] = PracticeEvidence(id=pid, status=status, evidence=proofs, reason=reason)
    target = Target(path=path, root=f"/tmp/{path}", git=GitFacts(commit="0123456789abcdef", branch="main"))
    return Evidence(target=target, practices=practices, facts={"files": 42})


def report(
    statuses: dict[str, Outcome] | None = None,
    default: Outcome = Outcome.unknown,
    answers: dict[str, str] | None = None,
    frameworks: list[str] | None = None,
    path: str = "demo",
    library: Library | None = None,
) -> Report:
    lib = library or _library()
    fws = lib.select(frameworks or [])
    ev = evidence(statuses or {}, default, path, lib)
    given = {
        q: Answer(value=v, who="Ada Lovelace", when=WHEN, source="file") for q, v in (answers or {}).items()
    }
    ans = Answers(answers=given, file=".maturity/answers.yaml" if given else None)
    assessment = assess(fws, ev, ans, lib.questions)
    roadmap = plan(assessment, lib)
    prov = Provenance(
        generated_at=WHEN,
        answers=AnswersInfo(file=ans.file, answered=len(given), who=["Ada Lovelace"] if given else []),
        frameworks={f.id: f.version for f in fws},
    )
    names = {p.id: (p.name, p.area) for p in lib.catalog.practices}
    return build_report(ev, assessment, roadmap, names, prov)


def high(path: str = "demo") -> Report:
    """Every practice proven by the scan: the top of every framework (minus what answers must settle)."""
    lib = _library()
    return report(default=Outcome.present, answers=yes_answers(lib), path=path)


def partial_team(path: str = "demo") -> Report:
    """A team part-way: CI, tests, tracking and containers proven, the rest absent or unknown."""
    got = ["version_control", "ci", "unit_tests", "experiment_tracking", "containerization", "code_quality"]
    statuses = dict.fromkeys(got, Outcome.present)
    statuses.update({"model_registry": Outcome.absent, "ci_runs_tests": Outcome.partial})
    return report(statuses, default=Outcome.absent, path=path)


def low(path: str = "demo") -> Report:
    return report({"version_control": Outcome.present}, default=Outcome.absent, path=path)


@cache
def _library() -> Library:
    return load_library()


def yes_value(lib: Library, qid: str) -> str | None:
    """The answer value that means "yes" for this question (None when no value does)."""
    q = lib.questions[qid]
    return next((c.value for c in q.options() if c.status is not None and c.status.value == "yes"), None)


def yes_answers(lib: Library, qids: list[str] | None = None) -> dict[str, str]:
    ids = list(lib.questions) if qids is None else qids
    return {q: v for q in ids if (v := yes_value(lib, q)) is not None}
