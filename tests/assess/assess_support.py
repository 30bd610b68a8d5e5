"""Hand-made evidence, answers and small frameworks for table-driven scoring tests."""

from __future__ import annotations

from maturity.answers.models import Answer, Answers, Choice, Inference, Question
from maturity.assess import assess
from maturity.assess.models import FrameworkRating
from maturity.frameworks.loader import load_framework_text
from maturity.frameworks.models import LevelsFramework, PointsFramework
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof, Target

SCALE = [
    {"value": "not_done", "label": "Not done", "status": "no"},
    {"value": "manual", "label": "By hand, documented", "status": "partial"},
    {"value": "automated", "label": "Automated", "status": "yes"},
    {"value": "unknown", "label": "Don't know", "status": "unknown"},
    {"value": "not_applicable", "label": "N/A", "status": "not_applicable"},
]

CHOICES = [Choice.model_validate(c) for c in SCALE]

QUESTIONS = {
    q.id: q
    for q in (
        Question(
            id="gate", text="Validated before promotion?", help="h", theme="release", practices=["p_gate"]
        ),
        Question(id="team", text="One team?", help="h", theme="people_process"),
        Question(id="item", text="Is it done?", help="h", theme="data", type="choice", choices=CHOICES),
        Question(id="item2", text="Is it done too?", help="h", theme="data", type="choice", choices=CHOICES),
        Question(
            id="same",
            text="Same pipeline everywhere?",
            help="h",
            theme="release",
            infer=[Inference(value="yes", practices=["p_d"], because="p_d shows it")],
        ),
    )
}


PRACTICES = ("p_a", "p_b", "p_c", "p_d", "p_gate")


def evidence(**statuses: str) -> Evidence:
    """Each named practice with the given outcome (others unknown); proofs for present/partial."""
    practices = {}
    for pid, status in (dict.fromkeys(PRACTICES, "unknown") | statuses).items():
        outcome = Outcome(status)
        proofs = []
        if outcome in (Outcome.present, Outcome.partial):
            proofs = [Proof(path=f"src/{pid}.py", line=7, detector=f"test.{pid}", detail=f"{pid} found")]
        reason = "skipped by configuration: not our case" if outcome is Outcome.not_applicable else None
        practices[pid] = PracticeEvidence(id=pid, status=outcome, evidence=proofs, reason=reason)
    return Evidence(target=Target(path=".", root="/tmp/x"), practices=practices)


def answers(**values: str) -> Answers:
    given = {}
    for q, v in values.items():
        given[q] = Answer(value=v, who="Grace", note="n/a here" if v == "not_applicable" else None)
    return Answers(answers=given)


def framework(text: str) -> LevelsFramework | PointsFramework:
    return load_framework_text(text, "<test>", practices=None, questions=set(QUESTIONS))


def rate(fw: LevelsFramework | PointsFramework, ev: Evidence, ans: Answers | None = None) -> FrameworkRating:
    result = assess([fw], ev, ans or Answers(), QUESTIONS)
    return result.frameworks[0]
