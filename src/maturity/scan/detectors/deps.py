"""Detectors for the deps area: pinned dependencies, automated updates, reproducible training."""

from __future__ import annotations

from collections.abc import Iterator

from maturity.scan.detectors._tools import code_files, find_code, importers, proof, retag
from maturity.scan.models import Finding, Outcome
from maturity.scan.parsers.requirements import Declarations, declared
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SEED_CALLS = (
    r"\b(random\.seed|np\.random\.seed|numpy\.random\.seed|torch\.manual_seed|torch\.cuda\.manual_seed(_all)?"
    r"|tf\.random\.set_seed|tf\.set_random_seed|set_random_seed|seed_everything|set_seed|mx\.random\.seed"
    r"|jax\.random\.PRNGKey|default_rng)\s*\(\s*[^)\s]"
)
DOC_DIRS = ("docs/", "doc/", "documentation/")
RANDOM_STATE = r"\brandom_state\s*=\s*(\d+|[A-Za-z_][\w.]*)"
DETERMINISTIC = (
    r"(use_deterministic_algorithms\s*\(\s*True|cudnn\.deterministic\s*=\s*True|cudnn\.benchmark\s*=\s*False"
    r"|enable_op_determinism\s*\(|deterministic\s*=\s*True"
    r"|PYTHONHASHSEED['\"]?\s*\]?\s*=[^=]|(?:setdefault|putenv)\s*\(\s*['\"]PYTHONHASHSEED)"
)


@detector(
    id="deps.pinning",
    practices=["dependency_pinning"],
    summary="Lock files, or requirements pinned with == / === (requirements, pyproject, setup, Pipfile, "
    "conda environment files of any name).",
    inputs=[
        "**/requirements*.txt",
        "**/pyproject.toml",
        "**/setup.cfg",
        "**/setup.py",
        "**/Pipfile",
        "**/environment.yml",
        "**/*.yml",
        "**/*.yaml",
        "**/*.lock",
        "**/conda-lock.yml",
    ],
    limits="Only Python manifests; a lock file is trusted to cover the manifest next to it.",
)
def pinning(repo: RepoView) -> Iterator[Finding]:
    decl = declared(repo)
    if decl.lock_files:
        yield Finding(
            practice="dependency_pinning",
            outcome=Outcome.present,
            detector="deps.pinning",
            evidence=[proof(f, None, "deps.pinning", "lock file") for f in decl.lock_files[:6]],
            message=f"lock file: {', '.join(decl.lock_files[:3])}",
        )
        return
    # documentation-only requirements (sphinx, mkdocs) do not make the project unreproducible
    deps = [d for d in decl.dependencies if not d.path.startswith(DOC_DIRS)] or decl.dependencies
    if not deps:
        yield Finding(
            practice="dependency_pinning",
            outcome=Outcome.unknown,
            detector="deps.pinning",
            message="no dependency declarations found",
        )
        return
    loose = [d for d in deps if not d.pinned]
    outcome = Outcome.partial if loose else Outcome.present
    shown = loose if loose else deps
    evidence = [proof(d.path, d.line, "deps.pinning", f"{d.name}{d.spec or ' (any version)'}") for d in shown]
    message = (
        f"{len(loose)} of {len(deps)} declared dependencies are not pinned (e.g. {loose[0].name} in "
        f"{loose[0].path})"
        if loose
        else f"all {len(deps)} declared dependencies are pinned with =="
    )
    yield Finding(
        practice="dependency_pinning",
        outcome=outcome,
        detector="deps.pinning",
        evidence=evidence[:8],
        message=message,
        details={"dependencies_declared": len(deps), "dependencies_unpinned": len(loose)},
    )


@detector(
    id="deps.update_bot",
    practices=["dependency_updates"],
    summary="Dependabot, Renovate or pre-commit.ci autoupdate configuration.",
    inputs=[".github/dependabot.yml", "renovate.json", ".renovaterc*", ".pre-commit-config.yaml"],
    limits="A bot configured outside the repository (organisation-wide Renovate) is not seen.",
)
def update_bot(repo: RepoView) -> Iterator[Finding]:
    found = [
        proof(f, None, "deps.update_bot", "dependency update bot configuration")
        for f in repo.glob(
            ".github/dependabot.yml",
            ".github/dependabot.yaml",
            "renovate.json",
            "renovate.json5",
            ".renovaterc",
            ".renovaterc.json",
            ".github/renovate.json",
            ".gitlab/renovate.json",
        )
    ]
    for f in repo.named(".pre-commit-config.yaml"):
        data = repo.yaml(f)
        ci = data.get("ci") if isinstance(data, dict) else None
        if isinstance(ci, dict) and ci.get("autoupdate_schedule"):
            found.append(proof(f, None, "deps.update_bot", "pre-commit.ci autoupdate (hooks only)"))
    if found:
        yield Finding(
            practice="dependency_updates",
            outcome=Outcome.present,
            detector="deps.update_bot",
            evidence=found,
            message=f"update bot configured in {found[0].path}",
        )
    else:
        yield Finding(
            practice="dependency_updates",
            outcome=Outcome.absent,
            detector="deps.update_bot",
            message="no Dependabot or Renovate configuration",
        )


@detector(
    id="deps.seeds",
    practices=["reproducibility"],
    summary="Seeds set in non-test code (random, numpy, torch, tensorflow, seed_everything, random_state=)"
    " plus pinned dependencies; deterministic flags.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Cannot tell whether the seeded code is the training code, nor whether data inputs are recorded.",
)
def seeds(repo: RepoView) -> Iterator[Finding]:
    files = code_files(repo)
    seeded = find_code(repo, SEED_CALLS, files, ("seed", "PRNGKey", "default_rng"))
    ml = importers(repo, ("sklearn", "xgboost", "lightgbm", "catboost"))
    seeded += find_code(repo, RANDOM_STATE, sorted(set(ml) & set(files)), ("random_state",))
    flags = find_code(repo, DETERMINISTIC, files, ("determinis", "cudnn", "PYTHONHASHSEED"))
    decl = declared(repo)
    pinned = bool(decl.lock_files) or (bool(decl.dependencies) and all(d.pinned for d in decl.dependencies))
    if not seeded and not flags:
        if files:
            yield _unseeded(decl.lock_files[:1] or [d.path for d in decl.dependencies[:1]], pinned)
        return
    evidence = retag(seeded[:5], "deps.seeds", "seed") + retag(flags[:3], "deps.seeds", "deterministic")
    what = "seeds set" if seeded else "deterministic flags set"
    yield Finding(
        practice="reproducibility",
        outcome=Outcome.present if pinned else Outcome.partial,
        detector="deps.seeds",
        evidence=evidence,
        message=f"{what} and dependencies pinned"
        if pinned
        else f"{what} ({evidence[0].path}:{evidence[0].line}) but {_unpinned_reason(decl)}",
    )


def _unpinned_reason(decl: Declarations) -> str:
    if not decl.dependencies:
        return "no dependencies are declared"
    loose = sum(1 for d in decl.dependencies if not d.pinned)
    return f"{loose} of {len(decl.dependencies)} declared dependencies are not pinned"


def _unseeded(manifest: list[str], pinned: bool) -> Finding:
    if pinned:
        return Finding(
            practice="reproducibility",
            outcome=Outcome.partial,
            detector="deps.seeds",
            evidence=[proof(manifest[0], None, "deps.seeds", "pinned dependencies")],
            message="dependencies are pinned but no random seed is set in the code",
        )
    return Finding(
        practice="reproducibility",
        outcome=Outcome.absent,
        detector="deps.seeds",
        message="no random seed set in the code and dependencies not pinned",
    )


DETECTORS: list[Detector] = [pinning, update_bot, seeds]
