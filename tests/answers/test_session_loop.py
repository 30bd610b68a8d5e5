"""The question loop without a terminal: a scripted prompt stands in for the person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from maturity.answers import prompt, session
from maturity.answers.models import Answers, Question
from maturity.answers.questionnaire import load_questionnaire
from maturity.errors import AnswersError, InteractiveSessionError
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof, Target

FIXTURE = Path(__file__).parent / "fixture"
NOW = dt.datetime(2026, 11, 24, 9, 30, 15, 123, tzinfo=dt.UTC)


def questions() -> list[Question]:
    return [
        q
        for q in load_questionnaire(FIXTURE / "questions.yaml").questions
        if q.id not in ("tq_tools", "tq_image")
    ]


def run(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    script: list[object],
    ev: Evidence | None = None,
    qs: list[Question] | None = None,
    **kw: object,
):
    asked: list[tuple[str, int, int, bool]] = []
    file = tmp_path / "answers.yaml"
    saved_when_asked: list[list[str]] = []

    def fake_ask(q: Question, ctx: prompt.Context, console: object) -> prompt.Reply:
        asked.append((q.id, ctx.position, ctx.total, ctx.can_go_back))
        saved_when_asked.append(sorted(yaml.safe_load(file.read_text())["answers"]) if file.exists() else [])
        step = script.pop(0)
        if isinstance(step, BaseException):
            raise step
        assert isinstance(step, prompt.Reply)
        return step

    monkeypatch.setattr(session.prompt, "ask", fake_ask)
    s = session.Session(repo=tmp_path, interactive=True, now=lambda: NOW, _who="Ada", **kw)  # type: ignore[arg-type]
    ev = ev or Evidence(target=Target(path=".", root=str(tmp_path)), practices={})
    result = s(qs or questions(), ev, Answers(file=str(file)))
    return s, result, asked, saved_when_asked


def answer(value: object, note: str | None = None) -> prompt.Reply:
    return prompt.Reply(action="answer", value=value, note=note)  # type: ignore[arg-type]


def test_back_and_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script: list[object] = [
        answer("no"),  # tq_owner (so tq_team_size stays hidden)
        answer("yes"),  # tq_review
        prompt.Reply(action="back"),  # at tq_tracking: back to tq_review
        answer("partial"),  # tq_review again
        prompt.Reply(action="skip"),  # tq_tracking
        answer("yes"),  # tq_runs_compared
        answer("weekly"),  # tq_cadence
    ]
    s, result, asked, saved = run(tmp_path, monkeypatch, script)
    assert [a[0] for a in asked] == [
        "tq_owner", "tq_review", "tq_tracking", "tq_review", "tq_tracking", "tq_runs_compared", "tq_cadence",
    ]  # fmt: skip
    assert asked[0][1:] == (1, 5, False)  # question 1 of 5 active questions, no way back yet
    assert [a[1:3] for a in asked[1:4]] == [(2, 5), (3, 5), (2, 5)]  # back: the number goes back too
    assert asked[2][3] is True
    assert saved[1] == ["tq_owner"]  # saved before the next question was asked
    assert {k: a.value for k, a in result.answers.items()} == {
        "tq_owner": "no", "tq_review": "partial", "tq_runs_compared": "yes", "tq_cadence": "weekly",
    }  # fmt: skip
    assert s.missing() == ["tq_tracking"]
    on_disk = yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]["tq_review"]
    assert on_disk == {
        "value": "partial",
        "who": "Ada",
        "when": "2026-11-24T09:30:15Z",
        "question_version": 1,
    }


def test_require_complete_after_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script: list[object] = [prompt.Reply(action="skip")] + [answer("yes")] * 3 + [answer("never")]
    with pytest.raises(AnswersError, match="1 question"):
        run(tmp_path, monkeypatch, script, require_complete=True)
    assert len(yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]) == 4  # kept


def test_eof_becomes_a_clear_error_and_keeps_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InteractiveSessionError) as info:
        run(tmp_path, monkeypatch, [answer("no"), EOFError()])
    assert "1 answer(s) kept" in str(info.value) and info.value.hint and "--no-input" in info.value.hint
    assert list(yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]) == ["tq_owner"]


def test_quit_propagates_after_saving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(prompt.QuitSession):
        run(tmp_path, monkeypatch, [answer("no"), prompt.QuitSession(interrupted=False)])
    assert list(yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]) == ["tq_owner"]


@pytest.mark.parametrize(("ci", "no_input", "expected"), [("true", False, False), ("", True, False)])
def test_can_prompt(monkeypatch: pytest.MonkeyPatch, ci: str, no_input: bool, expected: bool) -> None:
    monkeypatch.setenv("CI", ci)
    assert session.can_prompt(no_input) is expected


def docker(tmp_path: Path) -> Evidence:
    proof = Proof(path="Dockerfile", line=1, detector="containers.dockerfile", detail="FROM python:3.11")
    ev = PracticeEvidence(id="containerization", status=Outcome.present, evidence=[proof])
    return Evidence(target=Target(path=".", root=str(tmp_path)), practices={"containerization": ev})


def with_image() -> list[Question]:
    every = {q.id: q for q in load_questionnaire(FIXTURE / "questions.yaml").questions}
    return [every["tq_owner"], every["tq_image"]]


@pytest.mark.parametrize("choice", ["all", "review", "skip"])
def test_confirm_all_review_or_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str) -> None:
    shown: list[list[str]] = []

    def fake_screen(items, console, stale):  # type: ignore[no-untyped-def]
        shown.append([q.id for q, _ in items])
        return choice

    monkeypatch.setattr(session, "confirm_all", fake_screen)
    script: list[object] = [answer("yes")] if choice == "review" else []
    s, _, asked, _ = run(tmp_path, monkeypatch, [*script, answer("no")], docker(tmp_path), with_image())
    assert shown == [["tq_image"]]  # the scan's suggestion, on the confirm-all screen
    expected = {"all": ["tq_owner"], "review": ["tq_image", "tq_owner"], "skip": ["tq_owner"]}[choice]
    assert [a[0] for a in asked] == expected  # under review, the suggestions come first
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]
    if choice == "skip":
        assert "tq_image" not in saved and s.missing() == ["tq_image"]
        return
    assert saved["tq_image"]["value"] == "yes"  # confirmed: remembers the evidence it confirmed
    assert saved["tq_image"]["confirms"] == [
        {"practice": "containerization", "path": "Dockerfile", "line": 1}
    ]
    assert s.given == 2 and s.missing() == []


def test_a_different_answer_is_not_a_confirmation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "confirm_all", lambda items, console, stale: "review")
    run(tmp_path, monkeypatch, [answer("no"), answer("no")], docker(tmp_path), with_image())
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text())["answers"]
    assert saved["tq_image"]["value"] == "no" and "confirms" not in saved["tq_image"]
