"""Fixtures for renderer tests: synthetic reports (see tests/roadmap/synthetic.py) at several levels."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "roadmap"))

import synthetic

from maturity.frameworks.registry import Library
from maturity.report import Report
from maturity.scan.models import Outcome, Proof

HOSTILE_NAME = synthetic.HOSTILE_NAME
HOSTILE_TEXT = synthetic.HOSTILE_TEXT


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return synthetic.extra_library(tmp_path_factory.mktemp("frameworks"))


@pytest.fixture(scope="session")
def low(library: Library) -> Report:
    return synthetic.report({"version_control": Outcome.present}, Outcome.absent, library=library)


@pytest.fixture(scope="session")
def high(library: Library) -> Report:
    return synthetic.report(default=Outcome.present, answers=synthetic.yes_answers(library), library=library)


@pytest.fixture(scope="session")
def mid(library: Library) -> Report:
    got = ["version_control", "ci", "unit_tests", "experiment_tracking", "containerization", "data_tests"]
    statuses = dict.fromkeys(got, Outcome.present) | {"ci_runs_tests": Outcome.partial}
    return synthetic.report(
        statuses, Outcome.absent, library=library, answers={"model_validation_gate": "no"}
    )


@pytest.fixture
def hostile(library: Library) -> Report:
    """A report whose repository-derived text tries to inject markup."""
    report = synthetic.report({"ci": Outcome.present}, Outcome.absent, library=library, path=HOSTILE_NAME)
    for p in report.practices:
        if p.id == "ci":
            p.evidence = [Proof(path=HOSTILE_NAME, line=1, detector="ci.x", detail=HOSTILE_TEXT)]
    for f in report.frameworks:
        for c in f.criteria:
            for r in c.because:
                if r.kind == "evidence":
                    r.path, r.detail = HOSTILE_NAME, HOSTILE_TEXT
    report.provenance.answers.who = [HOSTILE_TEXT]
    return report
