"""Google Cloud Build: steps with an entrypoint (or a builder image) and args, under any file name."""

from __future__ import annotations

import re

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System, first_doc
from maturity.scan.repo import RepoView

# the top-level keys of a build config (https://cloud.google.com/build/docs/build-config-file-schema)
TOP_KEYS = frozenset(
    {
        "steps",
        "timeout",
        "queueTtl",
        "logsBucket",
        "options",
        "substitutions",
        "tags",
        "serviceAccount",
        "secrets",
        "availableSecrets",
        "artifacts",
        "images",
        "dependencies",
    }
)
_STEPS = re.compile(r"^steps:", re.MULTILINE)


def is_cloudbuild(repo: RepoView, path: str) -> bool:
    """A build config: top-level ``steps`` (and only build-config keys), each step a builder ``name``,
    at least one with ``args`` or an ``entrypoint``."""
    text = repo.text(path) or ""
    if "steps:" not in text or ("args:" not in text and "entrypoint:" not in text) or not _STEPS.search(text):
        return False
    doc = first_doc(repo, path)
    steps = doc.get("steps") if doc else None
    if not doc or not isinstance(steps, list) or not steps or not set(doc) <= TOP_KEYS:
        return False
    if not all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in steps):
        return False
    return any("args" in s or "entrypoint" in s for s in steps)


SYSTEM = System(
    "Google Cloud Build",
    ("**/cloudbuild*.yaml", "**/cloudbuild*.yml"),
    generic("Google Cloud Build", {"default"}),
    sniff=is_cloudbuild,
)
