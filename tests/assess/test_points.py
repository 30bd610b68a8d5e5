"""The points model: 0 / 0.5 / 1 per item, section sums, overall = minimum, bands, overrides."""

from __future__ import annotations

import math

import pytest
from assess_support import QUESTIONS, answers, evidence, framework, rate

from maturity.answers.models import Answer, Answers, Question
from maturity.assess import assess
from maturity.assess.models import CriterionResult, Reason, Status
from maturity.assess.points import aggregate, item_points
from maturity.frameworks.models import PointsFramework
from maturity.frameworks.registry import Library, load_library
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Target

RUBRIC = """\
id: rubric
name: Rubric
version: "test"
description: Two sections.
sources: [{title: t, url: "https://example.org"}]
scoring: points
aggregate: min
sections:
  - id: data
    name: Data
    items:
      - {id: data-1, title: A, practices: [p_a], roadmap: do a}
      - {id: data-2, title: Asked, questions: [item], roadmap: do it}
      - {id: data-3, title: Either, practices: [p_b], questions: [item2], match: any, roadmap: b or say so}
  - id: infra
    name: Infrastructure
    items:
      - {id: infra-1, title: C, practices: [p_c], roadmap: do c}
      - {id: infra-2, title: Gate, practices: [p_gate], roadmap: add a gate}
bands:
  - {name: None, up_to: 0, summary: nothing}
  - {name: Some, above: 0, up_to: 1, summary: some}
  - {name: More, above: 1, summary: more}
"""

NONE = {"data-1": 0, "data-2": 0, "data-3": 0, "infra-1": 0, "infra-2": 0}
PRESENT_PARTIAL = {"p_a": "present", "p_b": "partial", "p_c": "present", "p_gate": "partial"}
NA = {"p_a": "not_applicable", "p_b": "not_applicable", "p_c": "present", "p_gate": "present"}
CASES = [
    # (name, outcomes, answers, item points by id, data sum, infra sum, score, holding, band)
    ("nothing", {}, {}, NONE, 0, 0, 0, "data", "None"),
    # half a point is for a test done by hand with results written up: weak scan evidence is not that
    ("evidence: present 1, partial from the scan 0", PRESENT_PARTIAL, {},
     {"data-1": 1, "data-2": 0, "data-3": 0, "infra-1": 1, "infra-2": 0}, 1, 1, 1, "data", "Some"),
    ("answers: automated 1, manual 0.5", {"p_c": "present", "p_gate": "present"},
     {"item": "automated", "item2": "manual"}, {"data-1": 0, "data-2": 1, "data-3": 0.5}, 1.5, 2, 1.5, "data",
     "More"),
    ("min of sections", {"p_a": "present", "p_b": "present", "p_c": "absent", "p_gate": "partial"},
     {"item": "automated"}, {"infra-1": 0, "infra-2": 0}, 3, 0, 0, "infra", "None"),
    ("exactly 1 is in (0, 1]", {"p_a": "present", "p_c": "present", "p_gate": "absent"}, {"item": "not_done"},
     {"data-3": 0}, 1, 1, 1, "data", "Some"),
    ("any: evidence or answer", {"p_b": "absent"}, {"item2": "automated"}, {"data-3": 1}, 1, 0, 0, "infra",
     "None"),
    # the paper has no exemption: an item marked not applicable earns nothing (reports show the reason)
    ("not applicable earns nothing", NA, {"item": "not_applicable", "item2": "not_applicable"},
     {"data-1": 0, "data-2": 0, "data-3": 0}, 0, 2, 0, "data", "None"),
    # an explicit answer wins in both directions
    ("manual answer stays 0.5 when the scan finds it", {"p_b": "present"}, {"item2": "manual"},
     {"data-3": 0.5}, 0.5, 0, 0, "infra", "None"),
    ("not done is 0 when the scan cannot tell", {"p_b": "unknown"}, {"item2": "not_done"},
     {"data-3": 0}, 0, 0, 0, "data", "None"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "outcomes", "given", "points", "data", "infra", "score", "holding", "band"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_points_table(
    name: str,
    outcomes: dict[str, str],
    given: dict[str, str],
    points: dict[str, float],
    data: float,
    infra: float,
    score: float,
    holding: str,
    band: str,
) -> None:
    rating = rate(framework(RUBRIC), evidence(**outcomes), answers(**given))
    got = {c.id: c.points for c in rating.criteria}
    assert {k: got[k] for k in points} == points
    assert {s.id: s.score for s in rating.sections} == {"data": data, "infra": infra}
    assert rating.score == score and rating.holding_section == holding and rating.band == band
    assert rating.max_score == 3  # min aggregate: the largest section
    assert all(c.section in ("data", "infra") for c in rating.criteria)


def test_unknown_items_score_0_and_count_towards_the_ceiling() -> None:
    rating = rate(framework(RUBRIC), evidence(p_a="present", p_c="present", p_gate="present"))
    data = next(s for s in rating.sections if s.id == "data")
    assert (data.score, data.unknown) == (1, 2)
    assert rating.score == 1 and rating.ceiling_score == 2  # infra is full: min(3, 2)
    assert rating.score_if_unknowns_met == rating.ceiling_score  # schema 1 keeps the old name
    assert rating.confirmed_score == 1 and rating.estimate_basis == "confirmed"
    assert rating.coverage.unknown == 2


def test_answer_conflicts_with_the_scan_are_recorded_on_the_item() -> None:
    rating = rate(framework(RUBRIC), evidence(p_b="present"), answers(item2="manual"))
    item = next(c for c in rating.criteria if c.id == "data-3")
    assert item.status is Status.partial and item.basis == "answers"
    assert item.conflict is not None and "partial" in item.conflict and "met" in item.conflict
    agree = rate(framework(RUBRIC), evidence(p_b="present"), answers(item2="automated"))
    assert next(c for c in agree.criteria if c.id == "data-3").conflict is None


def test_an_answer_overrides_the_scan_and_the_conflict_is_recorded() -> None:
    fw = framework(RUBRIC)
    ev = evidence(p_gate="absent")
    result = assess([fw], ev, answers(gate="yes"), _questions())
    gate = result.practices["p_gate"]
    assert gate.status is Status.met and gate.basis == "answer" and gate.scan == "absent"
    assert gate.conflict is not None and "gate" in gate.conflict and "absent" in gate.conflict
    item = next(c for c in result.frameworks[0].criteria if c.id == "infra-2")
    assert item.points == 1 and item.basis == "answers"
    assert [r.kind for r in item.because] == ["answer"] and item.because[0].value == "yes"
    # agreeing with the scan is no conflict; "don't know" leaves the scan in charge
    assert (
        assess([fw], evidence(p_gate="present"), answers(gate="yes"), _questions())
        .practices["p_gate"]
        .conflict
        is None
    )
    kept = assess([fw], ev, answers(gate="unknown"), _questions()).practices["p_gate"]
    assert kept.status is Status.unmet and kept.basis == "evidence"


def _questions() -> dict[str, Question]:
    return QUESTIONS


@pytest.mark.parametrize(
    ("status", "answered", "confirmed", "estimated", "ceiling"),
    [("met", False, 1, 1, 1), ("partial", True, 0.5, 0.5, 0.5), ("partial", False, 0, 0, 0),
     ("inferred", False, 0, 1, 1), ("unknown", False, 0, 0, 1), ("unmet", False, 0, 0, 0),
     ("not_applicable", False, 0, 0, 0)],
)  # fmt: skip
def test_item_points(status: str, answered: bool, confirmed: float, estimated: float, ceiling: float) -> None:
    because = [Reason(kind="answer", ref="q", status="partial")] if answered else []
    basis = "answers" if answered else "evidence"
    r = CriterionResult(id="x", title="x", status=Status(status), basis=basis, because=because)
    assert [item_points(r, v) for v in ("confirmed", "estimated", "ceiling")] == [
        confirmed,
        estimated,
        ceiling,
    ]


def test_aggregates() -> None:
    assert aggregate("min", [3, 1.5, 7]) == 1.5
    assert aggregate("sum", [3, 1.5]) == 4.5
    assert aggregate("mean", [3, 1.5]) == 2.25
    assert aggregate("min", []) == 0


# --- the shipped ML Test Score, scored from answers ----------------------------------------------


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def all_absent(lib: Library) -> Evidence:
    practices = {
        pid: PracticeEvidence(id=pid, status=Outcome.absent, reason="looked") for pid in lib.practices
    }
    return Evidence(target=Target(path=".", root="/tmp/x"), practices=practices)


def answers_for(lib: Library, per_section: dict[str, float]) -> Answers:
    """Answer each section's items so that the section sums to the given score."""
    fw = lib.framework("ml-test-score")
    assert isinstance(fw, PointsFramework)
    given: dict[str, Answer] = {}
    for s in fw.sections:
        target = per_section[s.id]
        for n, item in enumerate(s.items):
            q = lib.questions[item.questions[0]]
            want = "yes" if n < math.floor(target) else "partial" if n < target else "no"
            value = next(c.value for c in q.options() if c.status is not None and c.status.value == want)
            given[q.id] = Answer(value=value)
    return Answers(answers=given)


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "Research project"), (0.5, "Serious gaps likely"), (1, "Serious gaps likely"),
     (1.5, "First pass at production"), (2, "First pass at production"), (2.5, "Reasonably tested"),
     (3, "Reasonably tested"), (5, "Strong"), (5.5, "Exceptional"), (7, "Exceptional")],
)  # fmt: skip
def test_ml_test_score_band_boundaries(lib: Library, score: float, band: str) -> None:
    fw = lib.framework("ml-test-score")
    sections = {"data": 7.0, "model": 7.0, "infrastructure": 7.0, "monitoring": 7.0} | {"monitoring": score}
    result = assess([fw], all_absent(lib), answers_for(lib, sections), lib.questions).frameworks[0]
    assert result.score == score and result.band == band
    assert result.holding_section == ("monitoring" if score < 7 else "data")
    assert result.max_score == 7


def test_ml_test_score_overall_is_the_weakest_section(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    sections = {"data": 4.5, "model": 2.0, "infrastructure": 6.0, "monitoring": 3.5}
    result = assess([fw], all_absent(lib), answers_for(lib, sections), lib.questions).frameworks[0]
    assert {s.id: s.score for s in result.sections} == sections
    assert (
        result.score == 2.0
        and result.holding_section == "model"
        and result.band == "First pass at production"
    )


def test_ml_test_score_evidence_alone_earns_points(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    ev = all_absent(lib)
    ev.practices["rollback"].status = Outcome.present
    ev.practices["progressive_delivery"].status = Outcome.partial
    result = assess([fw], ev, Answers(), lib.questions).frameworks[0]
    points = {c.id: c.points for c in result.criteria}
    assert points["infra-7"] == 1 and points["infra-6"] == 0 and points["infra-1"] == 0
    infra = next(s for s in result.sections if s.id == "infrastructure")
    assert infra.score == 1
