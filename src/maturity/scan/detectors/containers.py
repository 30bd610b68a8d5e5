"""Detectors for the containers area: Dockerfiles, compose files, image build files, dev containers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.detectors._tools import is_test_path
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

_FROM = re.compile(r"^[ \t]*FROM\s+\S+", re.MULTILINE | re.IGNORECASE)
_BUILD = re.compile(r"^\s+build\s*:", re.MULTILINE)
_SERVICES = re.compile(r"^services\s*:", re.MULTILINE)
_DEV_IMAGE = re.compile(r"\"image\"\s*:\s*\"([^\"]+)\"")
DEV_DIR = ".devcontainer/"

COMPOSE = ("**/docker-compose*.yml", "**/docker-compose*.yaml", "**/compose.yml", "**/compose.yaml")
# files from which a tool builds the project's image: BentoML (bentoml containerize), Cog (cog build)
BUILD_FILES = ("**/bentofile*.yaml", "**/bentofile*.yml", "**/cog.yaml")


def dockerfiles(repo: RepoView) -> list[str]:
    return sorted(
        set(
            repo.glob(
                "**/Dockerfile", "**/*.Dockerfile", "**/Dockerfile.*", "**/*.dockerfile", "**/Containerfile"
            )
        )
    )


@detector(
    id="containers.docker",
    practices=["containerization"],
    summary="A Dockerfile/Containerfile with a FROM line, a compose file that builds the project, or a build "
    "file from which a tool builds the project's image (BentoML bentofile with a docker section, Cog "
    "cog.yaml); compose files that only run third-party images, and images only for a dev container, are "
    "partial.",
    inputs=[
        "**/Dockerfile",
        "**/Dockerfile.*",
        "**/docker-compose*.yml",
        "**/compose.yaml",
        "**/bentofile.yaml",
        "**/cog.yaml",
        ".devcontainer/devcontainer.json",
    ],
    limits="Images built by cloud buildpacks or Jib without a Dockerfile are not seen. A dev container that "
    "only references a prebuilt image does not containerise the project.",
)
def docker(repo: RepoView) -> Iterator[Finding]:
    det = "containers.docker"
    compose = [f for f in repo.glob(*COMPOSE) if not is_test_path(f)]
    proofs = _images(repo, compose, det) + _build_files(repo, det)
    project = [p for p in proofs if not p.path.startswith(DEV_DIR)]
    services = [
        Proof(path=m.path, line=m.line, detector=det, detail="compose services")
        for m in repo.search(_SERVICES, compose)
    ]
    if project:
        yield finding(
            "containerization", det, Outcome.present, f"container image defined in {project[0].path}", project
        )
    elif proofs:
        why = "only a development container image is built (.devcontainer/), not an image of the project"
        yield finding("containerization", det, Outcome.partial, why, proofs)
    elif services:
        why = "compose runs third-party images only; the project is not built into an image"
        yield finding("containerization", det, Outcome.partial, why, services)
    else:
        yield finding("containerization", det, Outcome.absent, _absent_reason(repo))


def _images(repo: RepoView, compose: list[str], det: str) -> list[Proof]:
    """Dockerfiles with a FROM line and compose services built from the repository."""
    proofs: list[Proof] = []
    for path in (f for f in dockerfiles(repo) if not is_test_path(f)):
        m = next(repo.search(_FROM, [path]), None)
        if m:
            proofs.append(Proof(path=path, line=m.line, detector=det, detail=m.text[:100]))
    proofs += [
        Proof(path=m.path, line=m.line, detector=det, detail=f"compose {m.text}")
        for m in repo.search(_BUILD, compose)
    ]
    return proofs


def _build_files(repo: RepoView, det: str) -> list[Proof]:
    """BentoML build files with a ``docker:`` section, Cog files with a ``build:`` section."""
    proofs: list[Proof] = []
    for path in repo.glob(*BUILD_FILES):
        data = repo.yaml(path)
        if is_test_path(path) or not isinstance(data, dict):
            continue
        if path.lower().endswith("cog.yaml"):
            if isinstance(data.get("build"), dict) and data.get("predict"):
                proofs.append(
                    Proof(path=path, detector=det, detail="Cog build section (cog build makes the image)")
                )
        elif data.get("service") and isinstance(data.get("docker"), dict):
            keys = ", ".join(str(k) for k in list(data["docker"])[:4])
            detail = f"BentoML docker section ({keys}): bentoml containerize builds the image"
            proofs.append(Proof(path=path, line=_line(repo, path, "docker:"), detector=det, detail=detail))
    return proofs


def _line(repo: RepoView, path: str, prefix: str) -> int | None:
    return next((n for n, ln in enumerate(repo.lines(path), start=1) if ln.startswith(prefix)), None)


def _absent_reason(repo: RepoView) -> str:
    for path in repo.glob(".devcontainer/**/devcontainer.json", ".devcontainer.json"):
        m = _DEV_IMAGE.search(repo.text(path) or "")
        if m:
            return (
                f"the dev container ({path}) uses the prebuilt image {m.group(1)[:80]}, which does not "
                "containerise the project; no Dockerfile, Containerfile or compose build"
            )
    return "no Dockerfile, Containerfile, compose file or image build file"


DETECTORS: list[Detector] = [docker]
