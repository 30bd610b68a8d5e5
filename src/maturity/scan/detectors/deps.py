"""Detectors for the deps area: pinned dependencies, automated updates, reproducible training."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.detectors._needles import may_match, needles_in_use
from maturity.scan.detectors._pinning import Verdict, verdict
from maturity.scan.detectors._tools import code_files, find_code, importers, is_test_path, proof, retag
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers import pyast
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

SEED_CALLS = (
    r"\b(random\.seed|np\.random\.seed|numpy\.random\.seed|torch\.manual_seed|torch\.cuda\.manual_seed(_all)?"
    r"|tf\.random\.set_seed|tf\.set_random_seed|set_random_seed|seed_everything|set_seed|mx\.random\.seed"
    r"|jax\.random\.PRNGKey|default_rng)\s*\(\s*[^)\s]"
)
DOC_DIRS = ("docs/", "doc/", "documentation/")
RANDOM_STATE = r"\brandom_state\s*=\s*(\d+|[A-Za-z_][\w.]*)"
SEED_KEYWORDS = frozenset({"seed", "random_seed", "random_state", "rng_seed"})
SEED_KEYWORD_HINT = re.compile(r"\b(seed|random_seed|random_state|rng_seed)\s*=\s*\d")
# a seed passed from configuration: ``seed=cfg["seed"]``, ``random_state=seed`` (a call's keyword) ...
SEED_FROM_CONFIG_HINT = re.compile(r"\b(seed|random_seed|random_state|rng_seed)\s*=\s*[A-Za-z_]")
# ... counts when configuration fixes one: ``random_seed: 42`` in YAML/TOML/JSON; in Python a dictionary
# key ``"seed": 42``, a constant ``SEED = 42`` or ``add_argument("--seed", type=int, default=42)``
SEED_IN_CONFIG = re.compile(r"""(?im)(?:^|[ \t{,(])["']?(?:\w+_)?seed["']?\s*[:=]\s*\d+\b""")
SEED_IN_PYTHON = re.compile(
    r"""["'](?:\w+_)?seed["']\s*:\s*\d+\b|^\s*(?:[A-Z]+_)*SEED\s*(?::\s*int\s*)?=\s*\d+\b"""
    r"""|--seed["'][^)\n]*\bdefault\s*=\s*\d+"""
)
DETERMINISTIC = (
    r"(use_deterministic_algorithms\s*\(\s*True|cudnn\.deterministic\s*=\s*True|cudnn\.benchmark\s*=\s*False"
    r"|enable_op_determinism\s*\(|deterministic\s*=\s*True"
    r"|PYTHONHASHSEED['\"]?\s*\]?\s*=[^=]|(?:setdefault|putenv)\s*\(\s*['\"]PYTHONHASHSEED)"
)


@detector(
    id="deps.pinning",
    practices=["dependency_pinning"],
    summary="A dependency lock file (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pixi.lock, conda-lock, "
    "pip-compile output), or nearly all (90%) of the project's runtime dependencies pinned to exact versions "
    "(requirements, pyproject, setup, Pipfile, conda environment files of any name). In a repository of "
    "sub-projects, at least half of them pinned.",
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
    limits="Only Python manifests; a lock file is trusted to cover the manifest next to it. Ranges (>=, ~=) "
    "and conda minor-version prefixes (numpy=1.26) are not pins; test, lint and docs tools and the "
    "requirements of docs, examples and logged MLflow models are left out. dvc.lock is not a dependency "
    "lock.",
)
def pinning(repo: RepoView) -> Iterator[Finding]:
    v = verdict(repo)
    details = {"dependencies_declared": v.declared, "dependencies_unpinned": v.unpinned} if v.declared else {}
    yield finding("dependency_pinning", "deps.pinning", v.outcome, v.message, v.proofs, details)


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
    summary="Seeds set in non-test code (random, numpy, torch, tensorflow, seed_everything, a fixed seed=/"
    "random_state= keyword in any call) plus pinned dependencies; deterministic flags. Pinned dependencies "
    "without a seed are not enough.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Cannot tell whether the seeded code is the training code, nor whether data inputs are recorded.",
)
def seeds(repo: RepoView) -> Iterator[Finding]:
    files = code_files(repo)
    seeded = find_code(repo, SEED_CALLS, files, ("seed", "PRNGKey", "default_rng"))
    ml = importers(repo, ("sklearn", "xgboost", "lightgbm", "catboost"))
    seeded += find_code(repo, RANDOM_STATE, sorted(set(ml) & set(files)), ("random_state",))
    seeded += seed_keywords(repo, files, {(p.path, p.line) for p in seeded})
    if not seeded:
        seeded = _configured_seeds(repo, files)
    flags = find_code(repo, DETERMINISTIC, files, ("determinis", "cudnn", "PYTHONHASHSEED"))
    pins = verdict(repo)
    pinned = pins.outcome is Outcome.present
    if not seeded and not flags:
        if files:
            yield _unseeded(pins)
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
        else f"{what} ({evidence[0].path}:{evidence[0].line}); dependencies not pinned: {pins.message}",
    )


def seed_keywords(repo: RepoView, files: list[str], seen: set[tuple[str, int | None]]) -> list[Proof]:
    """Calls given a fixed seed as a keyword (``ds.train_test_split(..., seed=42)``,
    ``TrainingArguments(seed=42)``, ``train_test_split(X, random_state=0)``), read with ast."""
    out: list[Proof] = []
    for path in files:
        text = repo.text(path) or ""
        if not may_match(needles_in_use(SEED_KEYWORD_HINT), text) or not SEED_KEYWORD_HINT.search(text):
            continue
        mod = pyast.module(repo, path)  # parsed once per view, shared with the other detectors
        for node, keyword, line in _seed_keywords(mod) if mod is not None else ():
            if (path, line) not in seen:
                seen.add((path, line))
                out.append(proof(path, line, "", f"{ast.unparse(node.func)}(..., {keyword})"))
    return out


def _seed_keywords(mod: pyast.PyModule) -> Iterator[tuple[ast.Call, str, int]]:
    """(call, ``seed=42``, line) for each call given a fixed integer seed keyword."""
    for node in mod.nodes:
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                value = kw.value
                if kw.arg in SEED_KEYWORDS and isinstance(value, ast.Constant) and type(value.value) is int:
                    yield node, f"{kw.arg}={value.value}", mod.line(value)


def _configured_seeds(repo: RepoView, files: list[str]) -> list[Proof]:
    """Calls given a seed from configuration (``build_model(cfg, seed=seed)``, ``randomSplit(w,
    seed=CONFIG["seed"])``) in a repository whose configuration or code fixes a seed value."""
    configs = [f for f in repo.with_suffix(".yaml", ".yml", ".json", ".toml", ".cfg") if not is_test_path(f)]
    found = itertools.chain(repo.search(SEED_IN_CONFIG, configs), repo.search(SEED_IN_PYTHON, files))
    declared = next((m for m in found if not m.text.lstrip().startswith(("#", "//"))), None)  # the first
    if declared is None:
        return []
    out: list[Proof] = []
    for path in files:
        mod = pyast.module(repo, path) if SEED_FROM_CONFIG_HINT.search(repo.text(path) or "") else None
        for node in mod.nodes if mod is not None else ():
            if not isinstance(node, ast.Call):
                continue
            kw = next((k for k in node.keywords if k.arg in SEED_KEYWORDS and _names_seed(k.value)), None)
            if kw is not None and mod is not None:
                call = f"{ast.unparse(node.func)}(..., {kw.arg}={ast.unparse(kw.value)[:40]})"
                out.append(
                    proof(
                        path,
                        mod.line(kw.value),
                        "",
                        f"{call}; a seed value is declared at {declared.path}:{declared.line}",
                    )
                )
                break
        if len(out) >= 5:
            break
    return out


def _names_seed(value: ast.expr) -> bool:
    """A name, attribute or key that says it is a seed (``seed``, ``cfg.random_seed``, ``c["seed"]``)."""
    text = ast.unparse(value).lower()
    return not isinstance(value, ast.Constant) and ("seed" in text or "random_state" in text)


def _unseeded(pins: Verdict) -> Finding:
    """No seed: reproducibility is absent, whether or not the dependencies are pinned."""
    if pins.outcome is Outcome.present:
        why = "no random seed is set in the code (dependencies are pinned, which alone does not fix a run)"
    else:
        why = "no random seed set in the code and dependencies not pinned"
    return Finding(practice="reproducibility", outcome=Outcome.absent, detector="deps.seeds", message=why)


DETECTORS: list[Detector] = [pinning, update_bot, seeds]
