"""Detectors for the quality area: linters/formatters/type checkers, and code review rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._commands import Kind
from maturity.scan.detectors._found import finding
from maturity.scan.detectors._tools import is_test_path
from maturity.scan.detectors.ci import hits
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

LINTERS = (
    "ruff",
    "flake8",
    "pylint",
    "black",
    "isort",
    "mypy",
    "pyright",
    "pycodestyle",
    "pydocstyle",
    "autopep8",
)
_SECTION = re.compile(r"^\[(?:tool[.:])?(" + "|".join(LINTERS) + r")\b[^\]]*\]", re.MULTILINE)
_HOOK = re.compile(
    r"^[ \t]*-?\s*id:\s*['\"]?(" + "|".join(LINTERS) + r"|ruff-format|flake8\S*|mypy\S*)['\"]?\s*$",
    re.MULTILINE,
)
CONFIG_FILES = {
    ".flake8": "flake8",
    ".pylintrc": "pylint",
    "pylintrc": "pylint",
    "mypy.ini": "mypy",
    ".mypy.ini": "mypy",
    "ruff.toml": "ruff",
    ".ruff.toml": "ruff",
    ".isort.cfg": "isort",
    "pyrightconfig.json": "pyright",
}


def _own(paths: list[str]) -> list[str]:
    """Config files of the project, not fixtures under test folders (a linter's own test data)."""
    return [p for p in paths if not is_test_path(p)]


def configured(repo: RepoView) -> list[Proof]:
    """Linter configuration: tool sections, dedicated config files, pre-commit hooks."""
    out: list[Proof] = []
    for path in _own(repo.named("pyproject.toml", "setup.cfg", "tox.ini")):
        out += [
            Proof(path=m.path, line=m.line, detector="quality.linters", detail=f"configures {m.text}")
            for m in repo.search(_SECTION, [path])
        ]
    for name, tool in CONFIG_FILES.items():
        out += [
            Proof(path=p, detector="quality.linters", detail=f"{tool} configuration")
            for p in _own(repo.named(name))
        ]
    for path in _own(repo.named(".pre-commit-config.yaml", ".pre-commit-config.yml")):
        out += [
            Proof(path=m.path, line=m.line, detector="quality.linters", detail=f"pre-commit hook {m.text}")
            for m in repo.search(_HOOK, [path])
        ]
    return out


@detector(
    id="quality.linters",
    practices=["code_quality"],
    summary="ruff, flake8, pylint, black, isort, mypy (or pyright) configured in pyproject.toml, "
    "setup.cfg, tox.ini, their own files or pre-commit hooks; present when CI runs a linter, partial "
    "when only configured.",
    inputs=["pyproject.toml", "setup.cfg", "tox.ini", ".flake8", ".pre-commit-config.yaml", "ruff.toml"],
    limits="pre-commit.ci and IDE-only setups are invisible; a linter run by a make target is followed "
    "one level.",
)
def linters(repo: RepoView) -> Iterator[Finding]:
    config = configured(repo)
    ran = hits(repo, Kind.lint)
    tools = sorted({t for p in config for t in LINTERS if re.search(rf"\b{t}\b", p.detail)})
    details = {"code_quality_tools": tools} if tools else {}
    if ran:
        proofs = [h.proof("quality.linters", "CI runs") for h in ran][:5] + config[:3]
        yield Finding(
            practice="code_quality",
            outcome=Outcome.present,
            detector="quality.linters",
            evidence=proofs,
            message=f"CI runs linters ({ran[0].text[:60]})",
            details=details,
        )
    elif config:
        yield Finding(
            practice="code_quality",
            outcome=Outcome.partial,
            detector="quality.linters",
            evidence=config[:6],
            details=details,
            message=f"linters configured ({', '.join(tools)}) but no CI job runs them",
        )
    else:
        yield Finding(
            practice="code_quality",
            outcome=Outcome.absent,
            detector="quality.linters",
            message="no linter/formatter/type checker configured or run in CI",
        )


REVIEW_RULES = re.compile(
    r"required_approving_review_count|require_code_owner_reviews|approved-reviews-by"
    r"|#approved-reviews|approvals_before_merge|minimum_approvals",
    re.IGNORECASE,
)


@detector(
    id="quality.review",
    practices=["code_review"],
    summary="CODEOWNERS or a review-required config (settings.yml, mergify) is present; a pull/merge request "
    "template alone is partial.",
    inputs=[
        "CODEOWNERS",
        ".github/CODEOWNERS",
        ".github/pull_request_template.md",
        ".github/settings.yml",
        ".mergify.yml",
    ],
    limits="Branch protection lives in the hosting platform's settings: without files it is unknown, "
    "not absent.",
)
def review(repo: RepoView) -> Iterator[Finding]:
    owners = [p for p in repo.named("CODEOWNERS") if repo.text(p)]
    settings = repo.named("settings.yml", ".mergify.yml", "mergify.yml", ".kodiak.toml")
    templates = repo.glob(
        "**/pull_request_template.md",
        "**/PULL_REQUEST_TEMPLATE/*.md",
        "**/PULL_REQUEST_TEMPLATE.md",
        ".gitlab/merge_request_templates/*.md",
    )
    strong = [Proof(path=p, detector="quality.review", detail="CODEOWNERS assigns reviewers") for p in owners]
    strong += [
        Proof(path=m.path, line=m.line, detector="quality.review", detail=f"review rule: {m.text}")
        for m in repo.search(REVIEW_RULES, settings)
    ]
    if strong:
        why = "reviewers are assigned or required by configuration"
        yield finding("code_review", "quality.review", Outcome.present, why, strong)
    elif templates:
        proofs = [
            Proof(path=p, detector="quality.review", detail="pull/merge request template") for p in templates
        ]
        why = "a pull request template, but no CODEOWNERS or review rule in the repository"
        yield finding("code_review", "quality.review", Outcome.partial, why, proofs)
    else:
        why = "no CODEOWNERS, review rules or PR template; branch protection is not visible in a repository"
        yield finding("code_review", "quality.review", Outcome.unknown, why)


DETECTORS: list[Detector] = [linters, review]
