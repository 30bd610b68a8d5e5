"""What the scan suggests (infer rules, then prefill), what a confirmation remembers, when it goes stale,
and which questions the ratings still need."""

from __future__ import annotations

from pathlib import Path

from maturity.answers.confirm import gone, in_force, is_stale
from maturity.answers.models import Answer, Answers, Confirmed, Question
from maturity.answers.questionnaire import load_questionnaire, needed, plan, suggestion
from maturity.assess import assess
from maturity.frameworks.loader import load_framework
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof, Target

FIXTURE = Path(__file__).parent / "fixture"


def questions() -> dict[str, Question]:
    return {q.id: q for q in load_questionnaire(FIXTURE / "questions.yaml").questions}


def evidence(**files: list[str]) -> Evidence:
    """Practices present with proofs in the given files (an empty list: absent)."""
    practices = {}
    for pid, paths in files.items():
        proofs = [
            Proof(path=p, line=i + 1, detector="x.y", detail="FROM python:3.11") for i, p in enumerate(paths)
        ]
        status = Outcome.present if paths else Outcome.absent
        practices[pid] = PracticeEvidence(
            id=pid, status=status, evidence=proofs, reason=None if paths else "none"
        )
    return Evidence(target=Target(path=".", root="/repo"), practices=practices)


def test_an_infer_rule_suggests_its_value_with_the_proofs_to_remember() -> None:
    s = suggestion(questions()["tq_image"], evidence(containerization=["Dockerfile"]))
    assert s is not None and s.value == "yes" and not s.decides
    assert s.reason == "A Dockerfile builds the image that is shipped."
    assert s.proofs == ["Dockerfile:1 FROM python:3.11"]
    assert s.confirms == [Confirmed(practice="containerization", path="Dockerfile", line=1)]
    assert suggestion(questions()["tq_image"], evidence(containerization=[])) is None  # no rule holds


def test_a_confirmation_is_stale_when_none_of_its_files_proves_the_practice_any_more() -> None:
    both = [Confirmed(practice="containerization", path="Dockerfile", line=1),
            Confirmed(practice="containerization", path="api/Dockerfile")]  # fmt: skip
    confirmed = Answer(value="yes", confirms=both)
    assert not is_stale(confirmed, evidence(containerization=["api/Dockerfile", "other/Dockerfile"]))
    assert not is_stale(confirmed, evidence(containerization=["x", "y", "Dockerfile"]))  # lines may move
    assert is_stale(confirmed, evidence(containerization=["other/Dockerfile"]))
    assert is_stale(confirmed, evidence(containerization=[]))
    assert [c.path for c in gone(confirmed, evidence())] == ["Dockerfile", "api/Dockerfile"]
    assert not is_stale(Answer(value="yes"), evidence())  # a plain answer never goes stale


def test_stale_confirmations_do_not_count_and_are_asked_again() -> None:
    qs = questions()
    stale = Answer(value="yes", confirms=[Confirmed(practice="containerization", path="Dockerfile")])
    answers = Answers(answers={"tq_image": stale, "tq_owner": Answer(value="no")})
    ev = evidence(containerization=["docker/Dockerfile"], experiment_tracking=["train.py"])
    assert set(in_force(answers, ev).answers) == {"tq_owner"}
    p = plan([qs["tq_image"], qs["tq_owner"]], ev, answers)
    assert [q.id for q in p.open] == ["tq_image"] and [q.id for q in p.stale] == ["tq_image"]
    fw = load_framework(FIXTURE / "fixture_image.yaml", None, set(qs))
    shipped = next(c for c in assess([fw], ev, answers, qs).frameworks[0].criteria if c.id == "L1.shipped")
    assert shipped.status.value == "inferred"  # the scan still infers it from the new Dockerfile, unconfirmed


def test_needed_asks_only_behind_open_criteria_of_reachable_levels() -> None:
    qs = questions()
    fw = load_framework(FIXTURE / "fixture_image.yaml", None, set(qs))
    ev = evidence(experiment_tracking=["train.py"], containerization=["Dockerfile"])
    none = assess([fw], ev, Answers(), qs)
    # L1.owner is unknown (its questions), L1.shipped inferred (tq_image); L1.tracking is met by the scan
    assert [q.id for q in needed(qs.values(), none)] == ["tq_owner", "tq_review", "tq_image"]
    no_owner = assess([fw], ev, Answers(answers={"tq_owner": Answer(value="no")}), qs)
    assert needed(qs.values(), no_owner) == []  # level 1 cannot be reached: nothing else changes a figure
