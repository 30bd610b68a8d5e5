"""The view model: headlines, coverage notes, strengths/gaps, dimension rows: what every renderer shows."""

from __future__ import annotations

import re

from maturity.render.view import build, coverage_note, headline
from maturity.report import Report


def test_headline_and_coverage_say_how_much_is_unknown(low: Report) -> None:
    google = low.framework("google")
    assert google is not None
    assert headline(google).startswith("Google MLOps level 0")
    note = coverage_note(google)
    assert re.fullmatch(
        r"level 0: \d+ of \d+ criteria settled by evidence or answers(, \d+ inferred)?(, \d+ unknown)?.*",
        note,
    )
    # the headline is the estimate with what it rests on
    assert headline(google).endswith(("(confirmed)", "`maturity assess`; confirmed level 0)"))
    points = low.framework("points")
    assert points is not None and headline(points).startswith("Points 0 of 2")


def test_strengths_gaps_and_next_steps(mid: Report) -> None:
    v = build(mid)
    assert 1 <= len(v.strengths) <= 3 and all(s["proof"] for s in v.strengths)
    assert len(v.gaps) == 3 and all(g["blocks"] for g in v.gaps)
    assert [s.id for s in v.next_steps] == [s.id for s in mid.roadmap.steps[:3]]
    assert v.basis["scan"] + v.basis["answers"] + v.basis["unknown"] <= sum(
        f.coverage.total for f in mid.frameworks
    )


def test_dimensions_and_sections(mid: Report) -> None:
    v = build(mid)
    points = next(f for f in v.frameworks if f.id == "points")
    assert points.holding_name in ("Data", "Infrastructure") and "minimum" in points.sections_chart
    with_dims = [f for f in v.frameworks if f.rating.dimensions]
    for f in with_dims:
        assert len(f.dimensions) == len(f.rating.dimensions)
        assert all(row["level"] for row in f.dimensions)


def test_top_level_by_estimate_does_not_say_every_criterion_is_met(high: Report) -> None:
    """At the top level with questions still unanswered, the summary must not claim everything is met."""
    from maturity.render.view import justification

    google = high.framework("google")
    assert google is not None and google.level == google.max_level
    assert justification(google) == "Every criterion of every level is met."
    estimated = google.model_copy(update={"confirmed_level": 0})
    assert "still to confirm" in justification(estimated) and "is met." not in justification(estimated)
