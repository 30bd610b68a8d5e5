"""AWS CodeBuild buildspecs: phases with commands."""

from __future__ import annotations

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System

SYSTEM = System(
    "AWS CodeBuild", ("**/buildspec*.yml", "**/buildspec*.yaml"), generic("AWS CodeBuild", {"default"})
)
