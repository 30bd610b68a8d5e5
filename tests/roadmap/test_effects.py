"""Roadmap wording: a step says exactly what it does for each level, and never overclaims."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "assess"))

from assess_support import answers, evidence, framework, rate
from test_roles import ROLES

from maturity.roadmap.effects import describe, gaps

# the ROLES framework: level 1 = core L1.core (p_a) + half of supporting L1.s1 (p_b), L1.s2 (p_c),
# L1.s3 (question "same", inferable from p_d); level 2 = core L2.core (p_gate)
CASES = [
    # (name, outcomes, answers, criteria a step satisfies, expected sentences)
    ("last missing core", {"p_a": "absent", "p_b": "present", "p_c": "present"}, {"same": "no"}, ["L1.core"],
     ["the last missing core criterion of Roles level 1"]),
    ("core and a supporting still missing", {"p_a": "absent", "p_b": "present", "p_c": "absent"},
     {"same": "no"}, ["L1.core"], ["1 of 2 missing for Roles level 1"]),
    ("one step closing both", {"p_a": "absent", "p_b": "present", "p_c": "absent"}, {"same": "no"},
     ["L1.core", "L1.s2"], ["completes Roles level 1"]),
    ("supporting beyond the share", {"p_a": "absent", "p_b": "present", "p_c": "present"}, {"same": "no"},
     ["L1.s3"], ["adds to Roles level 1, which has enough supporting criteria already"]),
    ("a later level says it comes after", {"p_a": "absent", "p_b": "present", "p_c": "present"},
     {"same": "yes"}, ["L2.core"], ["the last missing core criterion of Roles level 2 (after level 1)"]),
    # the share is not met when no supporting criterion is known: one is needed, and it completes the level
    ("no supporting known: one is needed", {"p_a": "present"}, {}, ["L1.s1"], ["completes Roles level 1"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "outcomes", "given", "criteria", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_effect_wording(
    name: str, outcomes: dict[str, str], given: dict[str, str], criteria: list[str], expected: list[str]
) -> None:
    fw = framework(ROLES)
    rating = rate(fw, evidence(**outcomes), answers(**given))
    assert describe(criteria, rating, gaps(rating, fw)) == expected


def test_points_say_which_section_gains_a_point() -> None:
    from test_points import RUBRIC

    fw = framework(RUBRIC)
    rating = rate(fw, evidence(p_a="present", p_c="absent", p_gate="absent"))
    assert describe(["infra-1"], rating, gaps(rating, fw)) == [
        "+1 point in Rubric infra (the section holding the score down)"
    ]
    assert describe(["data-2"], rating, gaps(rating, fw)) == ["+1 point in Rubric data"]


def test_a_step_that_closes_no_gap_comes_after_those_that_do(library) -> None:  # type: ignore[no-untyped-def]
    """'adds to' steps (a supporting criterion beyond a met share) never lead the roadmap."""
    import synthetic

    from maturity.roadmap.effects import needed
    from maturity.scan.models import Outcome

    report = synthetic.report({"ci": Outcome.present, "ci_runs_tests": Outcome.present}, Outcome.absent,
                              library=library)  # fmt: skip
    steps = [s for s in report.roadmap.steps if s.horizon != "confirm" and s.effects]
    idle = [i for i, s in enumerate(steps) if not needed(s.effects)]
    assert idle, "the scenario has a step that only adds to a level"
    for i in idle:
        assert steps[i].horizon != "now"
        # it was demoted one rank: every step of its own rank that closes a gap comes before it
        before = {s.id for s in steps[:i]}
        assert all(s.id in before for s in steps if needed(s.effects) and s.rank < steps[i].rank)
