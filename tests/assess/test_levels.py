"""The levels model on hand-made evidence: cumulative gates, dimensions, unknowns, not applicable."""

from __future__ import annotations

import pytest
from assess_support import answers, evidence, framework, rate

from maturity.assess.models import Status
from maturity.assess.status import combine

LADDER = """\
id: ladder
name: Ladder
version: "test"
description: Four levels in two dimensions.
sources: [{title: t, url: "https://example.org"}]
scoring: levels
dimensions: [{id: tech, name: Technology}, {id: team, name: Team}]
levels:
  - {level: 0, name: Manual, summary: the default}
  - level: 1
    name: Basics
    summary: basics
    criteria:
      - {id: L1.tech.a, dimension: tech, title: A, practices: [p_a], roadmap: do a}
      - {id: L1.team.b, dimension: team, title: B, practices: [p_b], roadmap: do b}
  - level: 2
    name: Automated
    summary: more
    criteria:
      - {id: L2.tech.c, dimension: tech, title: C, practices: [p_c], roadmap: do c}
      - {id: L2.team.one_team, dimension: team, title: One team, questions: [team], roadmap: merge teams}
  - level: 3
    name: Gated
    summary: gated
    criteria:
      - {id: L3.tech.gate, dimension: tech, title: Gate, practices: [p_gate], roadmap: add a gate}
      - {id: L3.tech.either, dimension: tech, title: Either, practices: [p_d, p_a], match: any,
         roadmap: d or a}
"""

STAGES = """\
id: stages
name: Stages
version: "test"
description: Starts at 1, so a team can be below the first stage.
sources: [{title: t, url: "https://example.org"}]
scoring: levels
levels:
  - level: 1
    name: Pilot
    summary: a pilot
    criteria: [{id: S1.pilot, title: Pilot, questions: [team], roadmap: run a pilot}]
  - level: 2
    name: Deployed
    summary: deployed
    criteria: [{id: S2.deployed, title: Deployed, practices: [p_a], roadmap: deploy}]
"""

ALL_MET = {"p_a": "present", "p_b": "present", "p_c": "present", "p_gate": "present", "p_d": "absent"}

CASES = [
    # (name, practice outcomes, answers, level, level if unknowns met, {dimension: level})
    ("nothing known", {}, {}, 0, 3, {"tech": 0, "team": 0}),
    ("everything met", ALL_MET, {"team": "yes"}, 3, 3, {"tech": 3, "team": 3}),
    ("level 1 only", {"p_a": "present", "p_b": "present", "p_c": "absent"}, {"team": "yes"}, 1, 1,
     {"tech": 1, "team": 3}),
    # level 2 (and 3) criteria met, a level 1 criterion unmet: the gates are cumulative
    ("gate below", ALL_MET | {"p_b": "absent"}, {"team": "yes"}, 0, 0, {"tech": 3, "team": 0}),
    ("partial is not met", ALL_MET | {"p_a": "partial"}, {"team": "yes"}, 0, 0, {"tech": 0, "team": 3}),
    ("unknown holds the level", ALL_MET | {"p_c": "unknown"}, {"team": "yes"}, 1, 3, {"tech": 1, "team": 3}),
    ("unanswered question", ALL_MET, {}, 1, 3, {"tech": 3, "team": 1}),
    ("answered no", ALL_MET, {"team": "no"}, 1, 1, {"tech": 3, "team": 1}),
    ("skipped practice passes", ALL_MET | {"p_c": "not_applicable"}, {"team": "yes"}, 3, 3,
     {"tech": 3, "team": 3}),
    ("n/a answer passes", ALL_MET, {"team": "not_applicable"}, 3, 3, {"tech": 3, "team": 3}),
    ("any: one of two", ALL_MET | {"p_a": "present", "p_d": "unknown"}, {"team": "yes"}, 3, 3,
     {"tech": 3, "team": 3}),
    ("answer settles a practice", ALL_MET | {"p_gate": "absent"}, {"team": "yes", "gate": "yes"}, 3, 3,
     {"tech": 3, "team": 3}),
    ("answer overrides proof", ALL_MET, {"team": "yes", "gate": "no"}, 2, 2, {"tech": 2, "team": 3}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "outcomes", "given", "level", "optimistic", "dims"), CASES, ids=[c[0] for c in CASES]
)
def test_levels_table(
    name: str,
    outcomes: dict[str, str],
    given: dict[str, str],
    level: int,
    optimistic: int,
    dims: dict[str, int],
) -> None:
    rating = rate(framework(LADDER), evidence(**outcomes), answers(**given))
    assert rating.level == level
    assert rating.level_if_unknowns_met == optimistic
    assert {d.id: d.level for d in rating.dimensions} == dims
    assert rating.max_level == 3
    assert rating.level_name == ["Manual", "Basics", "Automated", "Gated"][level]


def test_criteria_carry_their_level_dimension_and_reasons() -> None:
    rating = rate(framework(LADDER), evidence(**ALL_MET | {"p_b": "absent"}), answers(team="yes"))
    by_id = {c.id: c for c in rating.criteria}
    b = by_id["L1.team.b"]
    assert (b.status, b.level, b.dimension, b.roadmap) == (Status.unmet, 1, "team", "do b")
    a = by_id["L1.tech.a"]
    assert a.basis == "evidence" and a.because[0].path == "src/p_a.py" and a.because[0].line == 7
    team = by_id["L2.team.one_team"]
    assert team.basis == "answers" and team.because[0].who == "Grace"
    assert rating.coverage.total == 6 and rating.coverage.answers == 1


def test_below_the_first_level_is_none_with_a_name() -> None:
    fw = framework(STAGES)
    below = rate(fw, evidence(p_a="present"), answers(team="no"))
    assert below.level is None and below.level_name == "below Pilot"
    assert rate(fw, evidence(p_a="present"), answers(team="yes")).level == 2
    unknown = rate(fw, evidence(p_a="present"))
    assert unknown.level is None and unknown.level_if_unknowns_met == 2


@pytest.mark.parametrize(
    ("statuses", "all_", "any_"),
    [
        (["met", "met"], "met", "met"),
        (["met", "partial"], "partial", "met"),
        (["met", "unknown"], "unknown", "met"),
        (["unmet", "unknown"], "unmet", "unknown"),
        (["partial", "unmet"], "unmet", "partial"),
        (["not_applicable", "met"], "met", "met"),
        (["not_applicable", "not_applicable"], "not_applicable", "not_applicable"),
    ],
)
def test_combine_all_and_any(statuses: list[str], all_: str, any_: str) -> None:
    parts = [Status(s) for s in statuses]
    assert combine(parts, "all") is Status(all_)
    assert combine(parts, "any") is Status(any_)
