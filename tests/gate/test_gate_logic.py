"""The gate as a pure function: minimums, holding criteria, first steps, waivers, required practices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from maturity.config import Gate, Waiver
from maturity.errors import ConfigError, UserError
from maturity.frameworks.registry import Library
from maturity.gate import evaluate, explain, parse_minimums
from maturity.report import Report
from maturity.verdict import Verdict

TODAY = dt.date(2026, 6, 1)
Assess = Callable[..., Report]


def run_gate(report: Report, library: Library, **gate: object) -> Verdict:
    return evaluate(report, Gate.model_validate(gate), library.frameworks, library.practices, today=TODAY)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [(["google=1"], {"google": 1.0}), (["ml-test-score=1.5", "x=0"], {"ml-test-score": 1.5, "x": 0.0})],
)
def test_parse_minimums(pairs: list[str], expected: dict[str, float]) -> None:
    assert parse_minimums(pairs) == expected


@pytest.mark.parametrize("bad", ["google=x", "google", "=1", "google=", "google=-1", "google=nan"])
def test_parse_minimums_rejects_bad_syntax(bad: str) -> None:
    with pytest.raises(UserError, match="FRAMEWORK=NUMBER"):
        parse_minimums([bad])


def test_met_minimums_pass(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=yes", "gate_a1=yes", "gate_a2=yes", "gate_b1=yes", "gate_b2=yes"])
    result = run_gate(report, library, min={"tiny": 2, "tinyscore": 2})
    assert result.passed and result.problems == []
    assert [c.framework for c in result.met] == ["tiny", "tinyscore"]
    assert [(c.kind, c.wanted, c.got) for c in result.met] == [("min", 2, 2), ("min", 2, 2)]
    assert result.ratings == {"tiny": 2.0, "tinyscore": 2.0}


def test_every_shortfall_with_holding_criteria_and_first_step(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=no", "gate_a1=yes", "gate_b1=yes", "gate_b2=partial"])
    result = run_gate(report, library, min={"tiny": 3, "tinyscore": 2})
    assert not result.passed and len(result.problems) == 2
    tiny, score = result.problems
    assert (tiny.kind, tiny.framework, tiny.got, tiny.wanted) == ("min", "tiny", 1.0, 3.0)
    # unmet first, then unknown; L1.vcs is met and is not listed
    assert [(h.criterion, h.status) for h in tiny.holding] == [
        ("L2.tracking", "unmet"),
        ("L3.serving", "unknown"),
    ]
    assert tiny.first_step is not None and tiny.first_step.title
    assert score.got == 1.0 and {h.criterion for h in score.holding} == {"a2", "b2"}
    assert tiny.holding[0].practices == ["experiment_tracking"]  # where annotations point
    text = "\n".join(explain(result))
    for needle in ("FAILED (2 problems)", "tiny: level 1", "minimum 3", "L2.tracking", "L3.serving",
                   "tinyscore: score 1", "a2", "b2", "first step:"):  # fmt: skip
        assert needle in text


def test_points_holding_only_low_sections(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_a1=yes", "gate_a2=yes", "gate_b1=yes"])
    (short,) = run_gate(report, library, min={"tinyscore": 2}).problems
    assert [h.criterion for h in short.holding] == ["b2"]  # alpha is full: its items do not hold it down


def test_below_first_level_fails_any_minimum(assess_repo: Assess, library: Library) -> None:
    report = assess_repo([])
    rating = report.framework("tiny")
    assert rating is not None
    rating.level, rating.level_name = None, "below Start"
    result = run_gate(report, library, min={"tiny": 0})
    assert not result.passed and result.problems[0].got is None


def test_minimum_above_the_top_is_a_usage_error(assess_repo: Assess, library: Library) -> None:
    report = assess_repo([])
    with pytest.raises(UserError, match="can never be met"):
        run_gate(report, library, min={"tiny": 4})
    with pytest.raises(UserError, match="unknown or unassessed framework"):
        run_gate(report, library, min={"nope": 1})


def test_valid_waiver_recomputes_the_level(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=yes"])
    waiver = {"criterion": "tiny:L3.serving", "reason": "no serving yet", "expires": "2026-12-31"}
    result = run_gate(report, library, min={"tiny": 3}, waivers=[waiver])
    assert result.passed, explain(result)
    assert result.ratings["tiny"] == 3.0
    assert report.framework("tiny").level == 2  # type: ignore[union-attr]  # the report is untouched
    assert "~ waived tiny:L3.serving until 2026-12-31: no serving yet" in explain(result)


def test_waiver_on_points_framework(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_a1=yes", "gate_b1=yes"])
    waivers = [{"criterion": f"tinyscore:{c}", "reason": "later"} for c in ("a2", "b2")]
    assert run_gate(report, library, min={"tinyscore": 2}, waivers=waivers).passed


def test_expired_waiver_fails_and_says_so(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=yes"])
    waiver = {"criterion": "tiny:L3.serving", "reason": "no serving yet", "expires": "2026-05-31"}
    result = run_gate(report, library, min={"tiny": 3}, waivers=[waiver])
    # the expired waiver, and the minimum it no longer covers
    assert [p.kind for p in result.problems] == ["min", "expired-waiver"]
    text = "\n".join(explain(result))
    assert "waiver for tiny:L3.serving expired on 2026-05-31" in text
    assert "✗ tiny: level 2" in text


def test_waiver_expiring_today_still_holds(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=yes"])
    waiver = Waiver(criterion="tiny:L3.serving", reason="r", expires=TODAY)
    assert run_gate(report, library, min={"tiny": 3}, waivers=[waiver.model_dump()]).passed


@pytest.mark.parametrize(
    ("criterion", "match"), [("tiny-L3", "FRAMEWORK:CRITERION"), ("tiny:L9.x", "no criterion")]
)
def test_bad_waivers_are_config_errors(
    assess_repo: Assess, library: Library, criterion: str, match: str
) -> None:
    report = assess_repo([])
    with pytest.raises(ConfigError, match=match):
        run_gate(report, library, waivers=[{"criterion": criterion, "reason": "r"}])


def test_required_practices(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=no"])
    result = run_gate(report, library, require=["version_control", "experiment_tracking"])
    (missing,) = result.problems
    assert (missing.kind, missing.practice, missing.wanted, missing.got) == (
        "required", "experiment_tracking", "met", "unmet",
    )  # fmt: skip
    assert missing.first_step is not None
    text = "\n".join(explain(result))
    assert "✗ required practice experiment_tracking" in text
    assert "✓ required practice version_control (Version control) is met" in text  # a met rule is said
    with pytest.raises(UserError, match="unknown practice"):
        run_gate(report, library, require=["no_such_practice"])


def test_warn_only_is_marked(assess_repo: Assess, library: Library) -> None:
    report = assess_repo([])
    result = run_gate(report, library, min={"tiny": 2}, warn_only=True)
    assert not result.passed and "warn-only" in explain(result)[0]


def test_an_empty_gate_says_nothing_was_enforced(assess_repo: Assess, library: Library) -> None:
    result = run_gate(assess_repo([]), library)
    assert result.passed
    assert "nothing was enforced" in "\n".join(explain(result))
