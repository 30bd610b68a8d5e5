"""Core and supporting criteria, the supporting share, inferred answers and the three figures."""

from __future__ import annotations

import pytest
from assess_support import answers, evidence, framework, rate

from maturity.assess.models import Status

ROLES = """\
id: roles
name: Roles
version: "test"
description: Level 1 needs its core and half of its supporting criteria; level 2 needs all its core.
sources: [{title: t, url: "https://example.org"}]
scoring: levels
dimensions: [{id: tech, name: Technology}, {id: team, name: Team}]
levels:
  - {level: 0, name: Manual, summary: the default}
  - level: 1
    name: Pipeline
    summary: an automated pipeline
    supporting_share: 0.5
    criteria:
      - {id: L1.core, dimension: tech, title: Core, practices: [p_a], roadmap: do a}
      - {id: L1.s1, dimension: tech, role: supporting, title: S1, practices: [p_b], roadmap: do b}
      - {id: L1.s2, dimension: team, role: supporting, title: S2, practices: [p_c], roadmap: do c}
      - {id: L1.s3, dimension: team, role: supporting, title: S3, questions: [same], roadmap: same}
  - level: 2
    name: CI/CD
    summary: more
    criteria:
      - {id: L2.core, dimension: tech, title: Gate, practices: [p_gate], roadmap: add a gate}
"""

# (name, practice outcomes, answers, (confirmed, estimated, ceiling), {dimension: estimated})
CASES = [
    ("nothing known", {}, {}, (0, 0, 2), {"tech": 0, "team": 0}),
    ("core unmet", {"p_a": "absent", "p_b": "present", "p_c": "present"}, {"same": "yes"}, (0, 0, 0),
     {"tech": 0, "team": 2}),
    # the share is over the supporting criteria whose status is known (Scorecard leaves inconclusive out)
    ("unknown supporting left out of the estimate", {"p_a": "present", "p_b": "present"}, {}, (0, 1, 2),
     {"tech": 1, "team": 0}),
    ("one of three supporting is not half", {"p_a": "present", "p_b": "present", "p_c": "absent"},
     {"same": "no"}, (0, 0, 0), {"tech": 1, "team": 0}),
    ("two of three", {"p_a": "present", "p_b": "present", "p_c": "absent"}, {"same": "yes"}, (1, 1, 2),
     {"tech": 1, "team": 2}),
    ("no supporting criterion known: the share is not met", {"p_a": "present"}, {}, (0, 0, 2),
     {"tech": 0, "team": 0}),
    # an inferred answer counts in the estimate and the ceiling, never in the confirmed figure
    ("inferred counts in the estimate",
     {"p_a": "present", "p_b": "absent", "p_c": "absent", "p_d": "present"}, {}, (0, 0, 0),
     {"tech": 0, "team": 2}),
    ("inferred lifts the estimate", {"p_a": "present", "p_b": "present", "p_c": "absent", "p_d": "present"},
     {}, (0, 1, 2), {"tech": 1, "team": 2}),
    ("an answer replaces the inference", {"p_a": "present", "p_b": "present", "p_c": "absent",
     "p_d": "present"}, {"same": "no"}, (0, 0, 0), {"tech": 1, "team": 0}),
    ("level 2", {"p_a": "present", "p_b": "present", "p_c": "present", "p_gate": "present"}, {"same": "yes"},
     (2, 2, 2), {"tech": 2, "team": 2}),
    ("level 2 core unknown", {"p_a": "present", "p_b": "present", "p_c": "present"}, {"same": "yes"},
     (1, 1, 2), {"tech": 1, "team": 2}),
    ("not applicable supporting is left out", {"p_a": "present", "p_b": "present", "p_c": "not_applicable"},
     {"same": "not_applicable"}, (1, 1, 2), {"tech": 1, "team": 2}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "outcomes", "given", "figures", "dims"), CASES, ids=[c[0] for c in CASES])
def test_roles_table(
    name: str,
    outcomes: dict[str, str],
    given: dict[str, str],
    figures: tuple[int, int, int],
    dims: dict[str, int],
) -> None:
    rating = rate(framework(ROLES), evidence(**outcomes), answers(**given))
    assert (rating.confirmed_level, rating.level, rating.ceiling_level) == figures
    assert rating.level_if_unknowns_met == rating.ceiling_level
    assert {d.id: d.level for d in rating.dimensions} == dims
    assert rating.estimate_basis == (
        "confirmed" if figures[0] == figures[1] and not rating.to_confirm else "estimated"
    )


def test_inferred_criterion_carries_the_proof_and_the_rule() -> None:
    rating = rate(framework(ROLES), evidence(p_a="present", p_b="present", p_d="present"))
    s3 = next(c for c in rating.criteria if c.id == "L1.s3")
    assert s3.status is Status.inferred and s3.basis == "inference" and s3.role == "supporting"
    assert s3.because[0].kind == "inference" and s3.because[0].note == "p_d shows it"
    assert s3.because[1].path == "src/p_d.py" and s3.because[1].line == 7
    assert "L1.s3" in rating.to_confirm and rating.estimate_basis == "estimated"
    assert rating.coverage.inferred == 1


def test_without_roles_every_criterion_is_core() -> None:
    """A user's framework that declares no roles behaves as before: all criteria of a level must pass."""
    text = ROLES.replace("role: supporting, ", "").replace("    supporting_share: 0.5\n", "")
    rating = rate(framework(text), evidence(p_a="present", p_b="present", p_c="absent"), answers(same="yes"))
    assert (rating.confirmed_level, rating.level, rating.ceiling_level) == (0, 0, 0)
    full = rate(framework(text), evidence(p_a="present", p_b="present", p_c="present"), answers(same="yes"))
    assert full.level == 1
