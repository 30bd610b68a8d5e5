"""Tekton tasks and pipelines: steps with a command or script."""

from __future__ import annotations

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System

SYSTEM = System(
    "Tekton",
    (".tekton/**/*.yaml", ".tekton/**/*.yml", "**/tekton/**/*.yaml", "**/tekton/**/*.yml"),
    generic("Tekton", {"default"}),
)
