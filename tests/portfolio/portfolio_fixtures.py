"""Generated results for the portfolio tests: real assess and roadmap stages on chosen evidence."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "roadmap"))

import synthetic

from maturity.report import Report
from maturity.scan.models import Outcome

OUTCOMES = [Outcome.present, Outcome.partial, Outcome.absent, Outcome.unknown]


def _root_conftest() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_root_conftest_portfolio", Path(__file__).resolve().parents[1] / "conftest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_conftest = _root_conftest()
require_tool = _conftest.require_tool
build_tree = _conftest.build_tree
git = _conftest.git


def generated(i: int, n: int, seed: int = 7, when: dt.datetime | None = None) -> Report:
    """Repository ``i`` of ``n``: the higher ``i``, the more practices are present (a maturity gradient)."""
    rng = random.Random(seed * 1000 + i)
    lib = synthetic._library()
    p_present = 0.1 + 0.8 * i / max(n - 1, 1)
    statuses = {}
    for pid in lib.practices:
        x = rng.random()
        statuses[pid] = (
            Outcome.present
            if x < p_present
            else rng.choice([Outcome.partial, Outcome.absent, Outcome.unknown])
        )
    statuses["version_control"] = Outcome.present
    answers = {q: v for q, v in synthetic.yes_answers(lib).items() if rng.random() < p_present}
    team = "platform" if i % 3 == 0 else "fraud" if i % 3 == 1 else "search"
    report = synthetic.report(statuses, Outcome.absent, answers=answers, path=f"/srv/git/{team}/svc-{i:02d}")
    if when is not None:
        report.provenance.generated_at = when
    return report


def save(report: Report, file: Path) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return file


def write_results(folder: Path, n: int = 30, seed: int = 7) -> list[Path]:
    return [save(generated(i, n, seed), folder / f"svc-{i:02d}.json") for i in range(n)]
