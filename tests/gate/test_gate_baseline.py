"""The baseline: regressions against a recorded floor, atomic writes, and clear errors for bad files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from maturity import baseline as bl
from maturity.config import Gate
from maturity.errors import UserError
from maturity.frameworks.registry import Library
from maturity.gate import evaluate, explain
from maturity.report import Report

GOOD = ["gate_tracking=yes", "gate_serving=yes", "gate_a1=yes", "gate_a2=yes", "gate_b1=yes", "gate_b2=yes"]


def test_no_regression_against_itself(assess_repo: Callable[..., Report]) -> None:
    report = assess_repo(GOOD)
    assert bl.regressions(bl.from_report(report), bl.from_report(report)) == []


def test_every_regression_is_named(assess_repo: Callable[..., Report], library: Library) -> None:
    floor = bl.from_report(assess_repo(GOOD))
    worse = assess_repo(["gate_tracking=no", "gate_a1=yes", "gate_a2=yes", "gate_b1=yes"])
    found = {(r.subject, r.before, r.now) for r in bl.regressions(floor, bl.from_report(worse))}
    assert found == {
        ("tiny level", "level 3", "level 1"),
        ("tinyscore score", "2", "1"),
        ("practice experiment_tracking", "met", "unmet"),
    }
    result = evaluate(worse, Gate(), library.frameworks, baseline=floor)
    assert not result.passed and [p.kind for p in result.problems] == ["regression"] * 3
    assert "✗ regression: tiny level was level 3, now level 1" in explain(result)


def test_improvement_is_not_a_regression_and_is_reported(
    assess_repo: Callable[..., Report], library: Library
) -> None:
    floor = bl.from_report(assess_repo([]))
    better = assess_repo(GOOD)
    assert bl.regressions(floor, bl.from_report(better)) == []
    found = {(c.subject, c.before, c.now) for c in bl.improvements(floor, bl.from_report(better))}
    assert ("tiny level", "level 1", "level 3") in found and ("tinyscore score", "0", "2") in found
    assert ("practice experiment_tracking", "unmet", "met") in found
    result = evaluate(better, Gate(), library.frameworks, baseline=floor, baseline_file="b.json")
    assert result.passed and result.baseline == "b.json"
    text = "\n".join(explain(result))
    assert "↑ improved: tiny level was level 1, now level 3 (record it with --update-baseline)" in text
    assert "✓ no regression against the baseline" in text


def test_save_and_load_round_trip(tmp_path: Path, assess_repo: Callable[..., Report]) -> None:
    floor = bl.from_report(assess_repo(GOOD))
    file = tmp_path / "sub" / "baseline.json"
    bl.save(file, floor)
    assert bl.load(file) == floor
    assert json.loads(file.read_text())["frameworks"]["tiny"]["level"] == 3
    assert [p.name for p in file.parent.iterdir()] == ["baseline.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (None, "does not exist"),
        ("{not json", "not a maturity baseline"),
        ('{"schema_version": 7}', "baseline"),
    ],
)
def test_bad_baselines_are_usage_errors(tmp_path: Path, content: str | None, match: str) -> None:
    file = tmp_path / "baseline.json"
    if content is not None:
        file.write_text(content)
    with pytest.raises(UserError, match=match) as info:
        bl.load(file)
    assert info.value.exit_code == 2 and str(file) in str(info.value)
