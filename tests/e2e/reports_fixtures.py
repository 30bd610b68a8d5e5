"""Fixture repositories and saved reports for the end-to-end report tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "roadmap"))

import synthetic

from maturity.scan.models import Outcome


def _root_conftest() -> ModuleType:
    """tests/conftest.py by path: `import conftest` is ambiguous when several folders have one."""
    spec = importlib.util.spec_from_file_location(
        "_root_conftest", Path(__file__).resolve().parents[1] / "conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


require_tool = _root_conftest().require_tool


NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
HOSTILE_FILE = "<img src=x onerror=alert(1)>.py"
HOSTILE_README = "# Demo\n<script>alert('readme')</script>\n"

LEVEL0_FILES: dict[str, str | bytes] = {"analysis.ipynb": NOTEBOOK}
HOSTILE_FILES: dict[str, str | bytes] = {
    "analysis.ipynb": NOTEBOOK,
    "README.md": HOSTILE_README,
    HOSTILE_FILE: "print('hi')\n",
}


def save_high_report(folder: Path, name: str = "team-high") -> Path:
    """A report where everything is proven (built by the real assess and roadmap stages), as JSON."""
    lib = synthetic.load_library()
    answers = synthetic.yes_answers(lib)
    report = synthetic.report(default=Outcome.present, answers=answers, path=name)
    file = folder / f"{name}.json"
    file.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return file


def save_mid_report(folder: Path, name: str = "team-mid") -> Path:
    got = ["version_control", "ci", "unit_tests", "experiment_tracking", "containerization", "code_quality"]
    statuses = dict.fromkeys(got, Outcome.present) | {"ci_runs_tests": Outcome.partial}
    report = synthetic.report(statuses, Outcome.absent, path=name)
    file = folder / f"{name}.json"
    file.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return file


def top_headline(framework: str = "google") -> str:
    """'Google MLOps level 2: CI/CD pipeline automation', from the shipped framework file."""
    fw = synthetic.load_library().frameworks[framework]
    top = fw.levels[-1]  # type: ignore[union-attr]
    return f"{fw.short_name} level {top.level}: {top.name}"
