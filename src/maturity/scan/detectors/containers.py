"""Detectors for the containers area: Dockerfiles, compose files, dev containers."""

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


COMPOSE = ("**/docker-compose*.yml", "**/docker-compose*.yaml", "**/compose.yml", "**/compose.yaml")


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
    summary="A Dockerfile/Containerfile with a FROM line, a compose file that builds the project, "
    "or a dev container; compose files that only run third-party images are partial.",
    inputs=[
        "**/Dockerfile",
        "**/Dockerfile.*",
        "**/docker-compose*.yml",
        "**/compose.yaml",
        ".devcontainer/devcontainer.json",
    ],
    limits="Images built by cloud buildpacks or Jib without a Dockerfile are not seen.",
)
def docker(repo: RepoView) -> Iterator[Finding]:
    det = "containers.docker"
    proofs: list[Proof] = []
    for path in (f for f in dockerfiles(repo) if not is_test_path(f)):
        m = next(repo.search(_FROM, [path]), None)
        if m:
            proofs.append(Proof(path=path, line=m.line, detector=det, detail=m.text[:100]))
    compose = [f for f in repo.glob(*COMPOSE) if not is_test_path(f)]
    proofs += [
        Proof(path=m.path, line=m.line, detector=det, detail=f"compose {m.text}")
        for m in repo.search(_BUILD, compose)
    ]
    dev = repo.glob(".devcontainer/**/devcontainer.json", ".devcontainer.json")
    proofs += [Proof(path=p, detector=det, detail="dev container") for p in dev]
    services = [
        Proof(path=m.path, line=m.line, detector=det, detail="compose services")
        for m in repo.search(_SERVICES, compose)
    ]
    if proofs:
        yield finding(
            "containerization", det, Outcome.present, f"container definition in {proofs[0].path}", proofs
        )
    elif services:
        why = "compose runs third-party images only; the project is not built into an image"
        yield finding("containerization", det, Outcome.partial, why, services)
    else:
        why = "no Dockerfile, Containerfile, compose file or dev container"
        yield finding("containerization", det, Outcome.absent, why)


DETECTORS: list[Detector] = [docker]
