"""The AI Adoption Framework's phase per theme, table-driven on the shipped file and questions.

Each case gives practice outcomes and answers and expects one theme's (confirmed, estimated, ceiling)
phase. Every other practice is unknown and every other question unanswered.
"""

from __future__ import annotations

import pytest

from maturity.answers.models import Answer, Answers
from maturity.assess import assess
from maturity.assess.models import FrameworkRating
from maturity.frameworks.registry import Library, load_library
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof, Target

LIB: Library = load_library()


def rate(practices: dict[str, str], answered: dict[str, str]) -> FrameworkRating:
    ev = {}
    for pid in LIB.practices:
        outcome = Outcome(practices.get(pid, "unknown"))
        proofs = (
            [Proof(path="src/x.py", line=1, detector="test", detail=pid)]
            if outcome is Outcome.present
            else []
        )
        ev[pid] = PracticeEvidence(id=pid, status=outcome, evidence=proofs)
    evidence = Evidence(target=Target(path=".", root="/tmp/x"), practices=ev)
    answers = Answers(answers={q: Answer(value=v, who="Ada") for q, v in answered.items()})
    return assess([LIB.framework("ai-adoption")], evidence, answers, LIB.questions).frameworks[0]


YES, P, A = "yes", "present", "absent"
PIPELINE = {"pipeline_orchestration": P, "ci_runs_tests": P, "automated_deployment": P}
LEARN2 = {"ai_learning_programme": YES, "ai_skills_augmented": YES}
# (theme, practices, answers, (confirmed, estimated, ceiling))
CASES = [
    # Learn: questions only
    ("learn", {}, {}, (1, 1, 3)),
    ("learn", {}, {"ai_learning_programme": YES}, (1, 1, 3)),  # no supporting criterion settled yet
    ("learn", {}, {"ai_learning_programme": YES, "ai_skills_augmented": "no"}, (1, 1, 1)),
    ("learn", {}, {"ai_learning_programme": YES, "ai_skills_augmented": YES}, (2, 2, 3)),
    ("learn", {}, {**LEARN2, "ai_skills_augmented": "partial", "ai_learning_widespread": YES}, (1, 1, 1)),
    ("learn", {}, {**LEARN2, "ai_learning_widespread": YES}, (3, 3, 3)),
    ("learn", {}, {"ai_learning_programme": "no", "ai_learning_widespread": YES}, (1, 1, 1)),  # cumulative
    # Lead: the core question ml_mandate is shared with the other frameworks
    ("lead", {}, {"ml_mandate": YES, "ai_cross_functional_teams": YES}, (2, 2, 3)),
    ("lead", {}, {"ml_mandate": YES, "ai_cross_functional_teams": YES, "ai_strategy_portfolio": YES},
     (3, 3, 3)),
    ("lead", {}, {"ml_mandate": "no", "ai_strategy_portfolio": YES}, (1, 1, 1)),
    # Access: versioned data is the core; the registry and the catalog support it
    ("access", {"data_versioning": "present", "model_registry": "present"}, {}, (2, 2, 3)),
    ("access", {"data_versioning": "present", "model_registry": "absent"}, {"ai_data_discoverable": "no"},
     (1, 1, 1)),
    ("access", {"data_versioning": "absent", "feature_store": "present"}, {}, (1, 1, 1)),
    ("access", {"data_versioning": "present", "model_registry": "present", "feature_store": "present"}, {},
     (3, 3, 3)),
    # a feature store or an answer: either shows shared assets
    ("access", {"data_versioning": "present", "model_registry": "present", "feature_store": "absent"},
     {"ai_assets_reused": YES}, (3, 3, 3)),
    # Scale: managed compute is inferred when CI/CD deploys the pipeline (estimate, not confirmed)
    ("scale", {"pipeline_deployment": "present", "containerization": "present"}, {}, (1, 2, 3)),
    ("scale", {"containerization": "present", "infrastructure_as_code": "present"}, {"managed_compute": YES},
     (2, 2, 3)),  # autoscaling unsettled: the transformational share is not met
    ("scale", {"containerization": "absent", "infrastructure_as_code": "present"},
     {"managed_compute": YES, "ai_autoscaling": YES}, (1, 1, 1)),
    ("scale", {"containerization": "present", "infrastructure_as_code": "present"},
     {"managed_compute": YES, "ai_autoscaling": YES}, (3, 3, 3)),
    # Secure: controlled access, then responsible AI backed by half of fairness and explainability
    ("secure", {}, {"ai_data_access_controlled": YES}, (2, 2, 3)),
    ("secure", {"fairness_testing": "present", "explainability": "absent"},
     {"ai_data_access_controlled": YES, "ai_responsible_ai_practice": YES}, (3, 3, 3)),
    ("secure", {"fairness_testing": "absent", "explainability": "absent"},
     {"ai_data_access_controlled": YES, "ai_responsible_ai_practice": YES}, (2, 2, 2)),
    ("secure", {"fairness_testing": "present", "explainability": "present"}, {}, (1, 1, 3)),
    # Automate: orchestrated pipelines, then continuous training and CI/CD for the pipelines
    ("automate", {**PIPELINE, "automated_deployment": A, "monitoring": A}, {}, (1, 1, 1)),
    ("automate", {**PIPELINE, "monitoring": A}, {}, (2, 2, 3)),
    ("automate", {"pipeline_orchestration": A, "continuous_training": P, "pipeline_deployment": P,
                  "drift_detection": P}, {}, (1, 1, 1)),
    ("automate", {**PIPELINE, "continuous_training": P, "pipeline_deployment": P, "drift_detection": P}, {},
     (3, 3, 3)),
    # CI/CD for the pipelines from an answer; then drift detection is the supporting half
    ("automate", {**PIPELINE, "continuous_training": P, "drift_detection": A}, {"pipeline_cd": YES},
     (2, 2, 2)),
    ("automate", {**PIPELINE, "continuous_training": P, "drift_detection": P}, {"pipeline_cd": YES},
     (3, 3, 3)),
]  # fmt: skip


@pytest.mark.parametrize(("theme", "practices", "answered", "expected"), CASES)
def test_phase_of_each_theme(
    theme: str, practices: dict[str, str], answered: dict[str, str], expected: tuple[int, int, int]
) -> None:
    rating = rate(practices, answered)
    d = next(d for d in rating.dimensions if d.id == theme)
    assert (d.confirmed_level, d.level, d.ceiling_level) == expected


def test_nothing_known_is_tactical_never_below() -> None:
    r = rate({}, {})
    assert (r.confirmed_level, r.level, r.ceiling_level) == (1, 1, 3)
    assert r.level_name == "Tactical" and r.estimate_basis == "confirmed"
    assert {d.level for d in r.dimensions} == {1}


ALL_STRATEGIC = {
    **LEARN2, "ml_mandate": YES, "ai_cross_functional_teams": YES,
    "ai_data_discoverable": YES, "managed_compute": YES, "ai_data_access_controlled": YES,
}  # fmt: skip
STRATEGIC_PRACTICES = {"data_versioning": "present", "containerization": "present",
                       "pipeline_orchestration": "present", "ci_runs_tests": "present",
                       "automated_deployment": "present"}  # fmt: skip


def test_the_organisation_is_in_the_phase_every_theme_reached() -> None:
    r = rate(STRATEGIC_PRACTICES, ALL_STRATEGIC)
    assert r.level == 2 and r.confirmed_level == 2
    held = rate(STRATEGIC_PRACTICES, {**ALL_STRATEGIC, "ai_data_access_controlled": "no"})
    assert held.level == 1
    assert {d.id: d.level for d in held.dimensions}["secure"] == 1
    assert [d.level for d in held.dimensions if d.id != "secure"] == [2] * 5


def test_an_inferred_answer_lifts_the_estimate_not_the_confirmed_phase() -> None:
    answered = {k: v for k, v in ALL_STRATEGIC.items() if k != "managed_compute"}
    r = rate({**STRATEGIC_PRACTICES, "pipeline_deployment": "present"}, answered)
    assert (r.confirmed_level, r.level) == (1, 2)
    assert r.estimate_basis == "estimated" and "strategic.scale.managed_compute" in r.to_confirm
