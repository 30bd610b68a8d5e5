"""Google Cloud Build: steps with an entrypoint (or a builder image) and args."""

from __future__ import annotations

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System

SYSTEM = System(
    "Google Cloud Build",
    ("**/cloudbuild*.yaml", "**/cloudbuild*.yml"),
    generic("Google Cloud Build", {"default"}),
)
