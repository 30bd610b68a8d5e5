"""Fixtures for the gate tests: a tiny framework pair whose statuses the tests set exactly.

``tiny`` (levels): L1 rests on version_control (proven in any git repo), L2 on experiment_tracking
(settled by ``gate_tracking``), L3 on ``gate_serving``. ``tinyscore`` (points, min of sections):
alpha = gate_a1 + gate_a2, beta = gate_b1 + gate_b2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from maturity.config import Settings
from maturity.frameworks.registry import Library, load_library
from maturity.pipeline import Options, run
from maturity.report import Report

FW_DIR = Path(__file__).parent / "frameworks"
ANSWERS_ALL = [
    "gate_tracking=yes",
    "gate_serving=yes",
    "gate_a1=yes",
    "gate_a2=yes",
    "gate_b1=yes",
    "gate_b2=yes",
]


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library([FW_DIR])


@pytest.fixture
def assess_repo(make_repo: Callable[..., Path]) -> Callable[..., Report]:
    """Run the real pipeline in-process on a fixture repo with the tiny frameworks and these answers."""

    def make(answers: list[str], files: dict[str, str] | None = None) -> Report:
        repo = make_repo(files or {"README.md": "# demo\n"})
        settings = Settings(frameworks=["tiny", "tinyscore"], frameworks_dirs=[str(FW_DIR)])
        return run(repo, Options(settings=settings, cli_answers=answers))

    return make
