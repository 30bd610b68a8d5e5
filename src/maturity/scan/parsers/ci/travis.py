"""Travis CI."""

from __future__ import annotations

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System

SYSTEM = System("Travis CI", (".travis.yml",), generic("Travis CI", {"push", "pull_request"}))
