"""Helpers for plugin authors (public API): test a detector or a framework file in a few lines.

from maturity.testing import run_detector, load_framework_str

findings = run_detector(my_detector, files={"train.py": "import mlflow\\nmlflow.log_metric('a', 1)\\n"})
assert findings[0].outcome == "present"
"""

from __future__ import annotations

from pathlib import Path

from maturity.frameworks.loader import load_framework_text
from maturity.frameworks.models import LevelsFramework, PointsFramework
from maturity.scan.models import Finding
from maturity.scan.registry import Detector, builtin
from maturity.scan.repo import RepoView

__all__ = ["load_framework_str", "repo_from_files", "run_detector"]


def repo_from_files(files: dict[str, str | bytes]) -> RepoView:
    """An in-memory repository: {relative path: content}."""
    return RepoView.from_dict(files)


def run_detector(detector: Detector | str, files: dict[str, str | bytes]) -> list[Finding]:
    """Run one detector (an object, or a built-in id such as ``ci.github_actions``) on in-memory files."""
    if isinstance(detector, str):
        by_id = {d.id: d for d in builtin()}
        if detector not in by_id:
            raise KeyError(f"no built-in detector {detector!r}; known: {', '.join(sorted(by_id))}")
        detector = by_id[detector]
    return list(detector.detect(repo_from_files(files)))


def load_framework_str(
    text: str, *, check_references: bool = True, name: str = "<string>"
) -> LevelsFramework | PointsFramework:
    """Validate a framework given as YAML text; references are checked against the shipped catalog."""
    if not check_references:
        return load_framework_text(text, name)
    from maturity.frameworks.registry import load_library

    lib = load_library()
    return load_framework_text(text, Path(name), set(lib.practices), set(lib.questions))
