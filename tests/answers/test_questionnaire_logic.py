"""Which questions are asked: `when`, prefill from evidence, resume and changed questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.answers.check import check, flag, value_error
from maturity.answers.models import Answer, Answers, Question
from maturity.answers.questionnaire import is_active, load_questionnaire, plan, suggestion
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof, Target

FIXTURE = Path(__file__).parent / "fixture"


def questions() -> dict[str, Question]:
    """The fixture framework's questions (tq_tools belongs to another fixture framework)."""
    return {
        q.id: q
        for q in load_questionnaire(FIXTURE / "questions.yaml").questions
        if q.id not in ("tq_tools", "tq_image")
    }


def evidence(**statuses: Outcome) -> Evidence:
    practices = {
        pid: PracticeEvidence(
            id=pid,
            status=st,
            evidence=[Proof(path="train.py", line=3, detector="tracking.x", detail="import mlflow")]
            if st in (Outcome.present, Outcome.partial)
            else [],
            reason=None if st is Outcome.present else "no tracking library",
        )
        for pid, st in statuses.items()
    }
    return Evidence(target=Target(path=".", root="/repo"), practices=practices)


def answers(**values: str | float) -> Answers:
    return Answers(answers={k: Answer(value=v) for k, v in values.items()})


@pytest.mark.parametrize(
    ("given", "active"),
    [({}, False), ({"tq_owner": "yes"}, True), ({"tq_owner": "no"}, False), ({"tq_owner": "partial"}, False)],
)
def test_when_on_another_answer(given: dict[str, str], active: bool) -> None:
    assert is_active(questions()["tq_team_size"], answers(**given), evidence()) is active


def test_when_on_a_practice_status() -> None:
    data = questions()["tq_owner"].model_dump(by_alias=True, exclude_none=True)
    q = Question.model_validate(
        {**data, "when": {"practice": "experiment_tracking", "in": ["present", "partial"]}}
    )
    assert is_active(q, answers(), evidence(experiment_tracking=Outcome.present))
    assert not is_active(q, answers(), evidence(experiment_tracking=Outcome.absent))
    assert not is_active(q, answers(), evidence())


@pytest.mark.parametrize(
    ("outcome", "value", "decides"),
    [
        (Outcome.present, "yes", True),
        (Outcome.partial, "partial", False),
        (Outcome.absent, "no", True),
    ],
)
def test_prefill_suggests_and_decides(outcome: Outcome, value: str, decides: bool) -> None:
    s = suggestion(questions()["tq_tracking"], evidence(experiment_tracking=outcome))
    assert s is not None and s.value == value and s.decides is decides
    if outcome is Outcome.absent:
        assert s.proofs == [] and s.reason == "no tracking library"
    else:
        assert s.proofs == ["train.py:3 import mlflow"] and s.reason is None


def test_prefill_without_decides_only_suggests() -> None:
    s = suggestion(questions()["tq_runs_compared"], evidence(experiment_tracking=Outcome.present))
    assert s is not None and s.value == "yes" and not s.decides


def test_no_suggestion_when_the_scan_cannot_tell() -> None:
    assert suggestion(questions()["tq_tracking"], evidence(experiment_tracking=Outcome.unknown)) is None
    assert suggestion(questions()["tq_owner"], evidence(experiment_tracking=Outcome.present)) is None


def test_plan_skips_decided_questions_unless_ask_all() -> None:
    qs = list(questions().values())
    ev = evidence(experiment_tracking=Outcome.present)
    p = plan(qs, ev, answers())
    assert [q.id for q in p.decided] == ["tq_tracking"]
    assert [q.id for q in p.open] == ["tq_owner", "tq_review", "tq_runs_compared", "tq_cadence"]
    p_all = plan(qs, ev, answers(), ask_all=True)
    assert "tq_tracking" in [q.id for q in p_all.open] and not p_all.decided


def test_plan_resumes_and_asks_changed_questions_again() -> None:
    qs = questions()
    qs["tq_review"] = qs["tq_review"].model_copy(update={"version": 2})
    given = Answers(
        answers={
            "tq_owner": Answer(value="yes"),
            "tq_team_size": Answer(value=4.0),
            "tq_review": Answer(value="no", question_version=1),
        }
    )
    p = plan(qs.values(), evidence(experiment_tracking=Outcome.unknown), given)
    assert [q.id for q in p.open] == ["tq_review", "tq_tracking", "tq_runs_compared", "tq_cadence"]
    assert [q.id for q in p.changed] == ["tq_review"] and not p.stale
    assert p.answered == 2 and len(p.asked) == 6


def test_check_flags_removed_and_changed_questions_and_bad_values(tmp_path: Path) -> None:
    qs = questions()
    qs["tq_review"] = qs["tq_review"].model_copy(update={"version": 3})
    file = tmp_path / "answers.yaml"
    file.write_text(
        "schema_version: 1\nanswers:\n  gone_question:\n    value: 'yes'\n"
        "  tq_cadence:\n    value: daily\n  tq_owner:\n    value: not_applicable\n"
        "  tq_review:\n    value: 'no'\n",
        encoding="utf-8",
    )
    from maturity.answers import store

    problems = {(p.question, p.level, p.line) for p in check(store.load(file), qs)}
    assert problems == {
        ("gone_question", "warning", 3),
        ("tq_cadence", "error", 6),
        ("tq_owner", "error", 8),
        ("tq_review", "warning", 9),
    }


def test_value_error_and_flag_accept_good_answers() -> None:
    qs = questions()
    assert value_error(qs["tq_cadence"], Answer(value="weekly")) is None
    assert value_error(qs["tq_team_size"], Answer(value=2.0)) is None
    assert value_error(qs["tq_team_size"], Answer(value="many")) is not None
    assert value_error(qs["tq_owner"], Answer(value="not_applicable", note="no prod")) is None
    assert flag("tq_owner", Answer(value="yes"), qs) is None
