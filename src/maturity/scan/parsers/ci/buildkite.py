"""Buildkite."""

from __future__ import annotations

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System

SYSTEM = System(
    "Buildkite",
    (".buildkite/**/*.yml", ".buildkite/**/*.yaml", "buildkite.yml"),
    generic("Buildkite", {"push"}),
)
