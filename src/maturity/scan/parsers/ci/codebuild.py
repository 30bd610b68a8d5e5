"""AWS CodeBuild buildspecs: phases with commands, under any file name."""

from __future__ import annotations

import re

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import System, first_doc
from maturity.scan.repo import RepoView

_VERSION = re.compile(r"^version:\s*['\"]?0\.[12]\b", re.MULTILINE)
_PHASES = re.compile(r"^phases:", re.MULTILINE)


def is_buildspec(repo: RepoView, path: str) -> bool:
    """A buildspec: top-level ``version: 0.2`` (or 0.1) and a ``phases`` mapping."""
    text = repo.text(path) or ""
    if "phases:" not in text or not _VERSION.search(text) or not _PHASES.search(text):
        return False
    doc = first_doc(repo, path)
    return doc is not None and isinstance(doc.get("phases"), dict)


SYSTEM = System(
    "AWS CodeBuild",
    ("**/buildspec*.yml", "**/buildspec*.yaml"),
    generic("AWS CodeBuild", {"default"}),
    sniff=is_buildspec,
)
