"""The real `maturity assess` driven through a pseudo-terminal: answer, go back, quit, resume, finish."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "answers" / "fixture"
MLFLOW = {"train.py": 'import mlflow\n\nmlflow.log_param("lr", 0.1)\n'}
MENU_END = "quit and save"  # the last line of every choice menu: the prompt is ready for keys


def maturity() -> str:
    exe = Path(sys.executable).with_name("maturity")
    assert exe.exists(), exe
    return str(exe)


def spawn(
    repo: Path,
    *args: str,
    fixture: Path = FIXTURE,
    env: dict[str, str] | None = None,
    framework: str = "fixture",
):  # type: ignore[no-untyped-def]
    child_env = {k: v for k, v in os.environ.items() if k not in ("CI", "MATURITY_DEBUG", "NO_COLOR")}
    # a real terminal answers cursor-position requests; pexpect does not, so do not wait for one
    child_env.update({"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})})
    argv = ["assess", str(repo), "--frameworks-dir", str(fixture), "--framework", framework, *args]
    child = pexpect.spawn(
        maturity(), argv, env=child_env, dimensions=(40, 80), encoding="utf-8", timeout=30, cwd=str(repo)
    )
    child.logfile_read = Transcript()
    return child


class Transcript:
    """Everything the child printed, for assertions about what was (not) shown."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> None:
        self.parts.append(s)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


def ask(child, question: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for a question and for its menu to be drawn."""
    child.expect_exact(question)
    child.expect_exact(MENU_END)


def finish(child, status: int) -> str:  # type: ignore[no-untyped-def]
    """Wait for the end; everything printed, without colours and with whitespace collapsed."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status, child.logfile_read.text()[-2000:]
    return screen(child)


def screen(child) -> str:  # type: ignore[no-untyped-def]
    """What the child printed so far, without colours and with whitespace collapsed."""
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.logfile_read.text()).split())


def answers_of(repo: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load((repo / ".maturity" / "answers.yaml").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    return data["answers"]


def values(repo: Path) -> dict[str, object]:
    return {k: (v["value"], v.get("note")) for k, v in answers_of(repo).items()}


@pytest.fixture
def repo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    root = make_repo(MLFLOW)
    subprocess.run(["git", "-C", str(root), "config", "user.name", "Ada Lovelace"], check=True)
    return root


def skip_suggestions(child) -> None:  # type: ignore[no-untyped-def]
    """The confirm-all screen comes first when the scan suggests answers: leave them for later."""
    child.expect_exact("The scan suggests")
    child.expect_exact(MENU_END)
    child.send("s")


def test_confirm_all_progress_quit_resume_finish(repo: Path) -> None:
    child = spawn(repo)
    child.expect_exact("The ratings need 4 answer(s), about 2 minutes")
    child.expect_exact("Who should answer: ")
    child.expect_exact("The scan suggests 1 answer(s)")  # the scan's answers on one screen, first
    child.expect_exact("compared with earlier ones")
    child.expect_exact("→ Yes")
    child.expect_exact("found: train.py:1 import mlflow")
    child.expect_exact(MENU_END)
    child.send("\r")  # one key confirms them all
    child.expect_exact("Confirmed 1 answer(s)")
    child.expect_exact("1 of 3, about 2 minutes left")
    child.expect_exact("People and process · best answered by: team lead")  # the theme and the role
    ask(child, "own each model in production?")
    assert "b back" not in child.before  # nothing to go back to on a session's first question
    child.send("1")  # yes: the follow-up (when tq_owner is yes) joins the session
    child.expect_exact("2 of 4, about 2 minutes left")
    child.expect_exact("Answer (a number)")
    child.sendline("3")
    child.expect_exact("3 of 4, about a minute left")
    ask(child, "second person approve")
    child.send("?")
    child.expect_exact("Four eyes catch what one misses.")
    child.expect_exact(MENU_END)
    child.send("q")
    out = finish(child, 0)
    assert "continue where you stopped" in out
    assert "training runs logged" not in out  # settled by the scan (mlflow is used): never asked
    saved = answers_of(repo)
    assert values(repo) == {
        "tq_runs_compared": ("yes", None),
        "tq_owner": ("yes", None),
        "tq_team_size": (3.0, None),
    }
    confirms = saved["tq_runs_compared"]["confirms"]  # the evidence it confirmed: every proof shown
    assert confirms[0] == {"practice": "experiment_tracking", "path": "train.py", "line": 1}

    child = spawn(repo)  # resume at the exact question, numbered for what is left
    child.expect_exact("The ratings need 2 answer(s), about a minute; 3 answered earlier")
    child.expect_exact("1 of 2, about a minute left")
    ask(child, "second person approve")
    text = child.before
    assert "b back" not in text and "← back" not in text  # `b` is not offered on a resumed first question
    child.send("b")  # and does nothing
    child.send("1")
    child.expect_exact("2 of 2, the last one")
    ask(child, "How often is the production model retrained?")
    child.send("b")  # now there is a way back
    ask(child, "second person approve")
    child.send("1")
    ask(child, "How often is the production model retrained?")
    child.send("3")
    out = finish(child, 0)
    assert "Your 2 answer(s) did not move a confirmed figure:" in out  # a number settles no criterion
    assert "Fixture level 0 (unchanged)" in out
    assert "Every question the ratings need is answered" in out
    assert {a["who"] for a in answers_of(repo).values()} == {"Ada Lovelace"}
    assert values(repo)["tq_cadence"] == ("weekly", None)


def test_review_one_by_one_and_skip(repo: Path) -> None:
    child = spawn(repo)
    child.expect_exact("The scan suggests 1 answer(s)")
    child.expect_exact(MENU_END)
    child.send("r")  # review: the suggestion is asked first, pre-selected
    child.expect_exact("1 of 4")
    ask(child, "compared with earlier ones")
    assert "the scan's answer is pre-selected: Enter confirms it" in screen(child)
    child.send("\r")  # Enter keeps the scan's answer: a confirmation too
    ask(child, "own each model in production?")
    child.send("s")  # skip: stays unknown
    ask(child, "second person approve")
    child.send("q")
    finish(child, 0)
    saved = answers_of(repo)
    assert saved["tq_runs_compared"]["value"] == "yes" and saved["tq_runs_compared"]["confirms"]
    assert "tq_owner" not in saved

    child = spawn(repo)  # the skipped question is asked again; "no" puts level 1 out of reach
    ask(child, "own each model in production?")
    child.send("3")
    out = finish(child, 0)
    assert "second person approve" not in out  # nothing left that any rating needs


def test_stale_confirmation_is_asked_again(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({**MLFLOW, "Dockerfile": "FROM python:3.11\n"})
    child = spawn(repo, framework="fixture-image")
    child.expect_exact("container image?")
    child.expect_exact("found: Dockerfile:1")
    child.expect_exact(MENU_END)
    child.send("\r")
    ask(child, "own each model in production?")
    child.send("1")
    ask(child, "second person approve")
    child.send("1")
    out = finish(child, 0)
    assert "Fixture image level 0 → level 1" in out
    assert answers_of(repo)["tq_image"]["confirms"] == [
        {"practice": "containerization", "path": "Dockerfile", "line": 1}
    ]

    (repo / "Dockerfile").unlink()  # a later scan no longer shows the evidence that was confirmed
    child = spawn(repo, framework="fixture-image")
    child.expect_exact("1 of 1")
    ask(child, "container image?")
    assert "asked again: the evidence you confirmed is gone (Dockerfile:1)" in screen(child)
    child.send("q")
    out = finish(child, 0)
    assert answers_of(repo)["tq_image"]["value"] == "yes"  # kept in the file until answered again...


def test_not_applicable_reason_is_kept(repo: Path) -> None:
    child = spawn(repo)
    skip_suggestions(child)
    ask(child, "own each model in production?")
    child.send("3")  # no: level 1 is out of reach, so the ratings need nothing more
    out = finish(child, 0)
    assert "second person approve" not in out
    child = spawn(repo, "--ask-all")
    skip_suggestions(child)
    ask(child, "second person approve")
    child.send("5")
    child.expect_exact("Why does it not apply?")
    child.sendline("")  # a reason is required
    child.expect_exact("a short reason is needed")
    child.sendline("no releases yet")
    ask(child, "How often is the production model retrained?")
    child.send("q")
    finish(child, 0)
    assert values(repo)["tq_review"] == ("not_applicable", "no releases yet")


def test_ctrl_c_keeps_answers(repo: Path) -> None:
    child = spawn(repo)
    skip_suggestions(child)
    ask(child, "own each model in production?")
    child.send("1")
    child.expect_exact("Answer (a number)")
    child.sendline("2")
    ask(child, "second person approve")
    child.sendcontrol("c")
    out = finish(child, 130)
    assert "continue where you stopped" in out
    assert values(repo) == {"tq_owner": ("yes", None), "tq_team_size": (2.0, None)}


def test_ctrl_c_on_the_confirm_screen_keeps_the_file(repo: Path) -> None:
    child = spawn(repo)
    child.expect_exact("The scan suggests")
    child.expect_exact(MENU_END)
    child.sendcontrol("c")
    out = finish(child, 130)
    assert "continue where you stopped" in out
    assert not (repo / ".maturity" / "answers.yaml").exists()


def test_eof_is_a_clear_error_and_keeps_answers(repo: Path) -> None:
    child = spawn(repo)
    skip_suggestions(child)
    ask(child, "own each model in production?")
    child.send("2")
    ask(child, "second person approve")
    child.sendcontrol("d")
    out = finish(child, 2)
    assert "standard input closed" in out and "--no-input" in out and "--answers" in out
    assert values(repo) == {"tq_owner": ("partial", None)}


@pytest.mark.parametrize("how", [{"env": {"CI": "true"}}, {"args": ["--no-input"]}])
def test_no_prompt_in_ci_or_with_no_input(repo: Path, how: dict[str, object]) -> None:
    child = spawn(repo, *how.get("args", []), env=how.get("env"))  # type: ignore[arg-type]
    out = finish(child, 0)
    assert MENU_END not in out and "The scan suggests" not in out
    assert "4 question(s) unanswered" in out and "tq_cadence" in out


def test_answer_beats_scan_with_ask_all(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pairs = [("tq_owner", "no"), ("tq_review", "yes"), ("tq_runs_compared", "yes"), ("tq_cadence", "weekly")]
    answered = {q: {"value": v} for q, v in pairs}
    (repo / ".maturity").mkdir()
    (repo / ".maturity" / "answers.yaml").write_text(
        yaml.safe_dump({"schema_version": 1, "answers": answered})
    )
    child = spawn(repo, "--ask-all")
    child.expect_exact("training runs logged to an experiment tracker?")  # on the confirm-all screen
    child.expect_exact(MENU_END)
    child.send("r")
    ask(child, "training runs logged to an experiment tracker?")
    assert "found: train.py:1 import mlflow" in child.logfile_read.text()
    child.send("3")  # no, whatever the scan says
    finish(child, 0)
    assert values(repo)["tq_tracking"] == ("no", None)
    r = cli("scan", str(repo), "--frameworks-dir", str(FIXTURE), "--framework", "fixture", "--format", "json")
    import json

    practice = next(p for p in json.loads(r.stdout)["practices"] if p["id"] == "experiment_tracking")
    assert practice["status"] == "present" and practice["assessed"] == "unmet" and practice["conflict"]
    assert "answer overrides" in " ".join(
        cli("scan", str(repo), "--frameworks-dir", str(FIXTURE)).stdout.split()
    )


def test_changed_question_is_asked_again(repo: Path, tmp_path: Path) -> None:
    fixture = tmp_path / "fixture-v2"
    shutil.copytree(FIXTURE, fixture)
    q = fixture / "questions.yaml"
    q.write_text(q.read_text().replace("    help: Four eyes", "    version: 2\n    help: Four eyes"))
    pairs = [("tq_owner", "no"), ("tq_review", "yes"), ("tq_runs_compared", "yes"), ("tq_cadence", "never")]
    answered = {k: {"value": v, "question_version": 1} for k, v in pairs}
    answered["tq_removed"] = {"value": "yes", "note": "asked by an older questionnaire"}
    (repo / ".maturity").mkdir()
    (repo / ".maturity" / "answers.yaml").write_text(
        yaml.safe_dump({"schema_version": 1, "answers": answered})
    )
    child = spawn(repo, fixture=fixture)
    ask(child, "second person approve")  # asked again, although level 1 is out of reach (tq_owner: no)
    assert "this question changed since it was answered (yes)" in " ".join(child.logfile_read.text().split())
    child.send("3")
    finish(child, 0)
    saved = answers_of(repo)
    assert saved["tq_review"]["value"] == "no" and saved["tq_review"]["question_version"] == 2
    assert saved["tq_owner"]["question_version"] == 1 and "who" not in saved["tq_owner"]
    assert saved["tq_removed"] == {
        "value": "yes",
        "note": "asked by an older questionnaire",
        "question_version": 1,
    }


def test_corrupt_file_refuses_to_start_and_is_kept(repo: Path) -> None:
    broken = b"schema_version: 1\nanswers:\n  tq_owner: {value: yes\n"
    (repo / ".maturity").mkdir()
    (repo / ".maturity" / "answers.yaml").write_bytes(broken)
    child = spawn(repo)
    out = finish(child, 2)
    assert "answers.yaml:" in out and "not changed" in out
    assert MENU_END not in out
    assert (repo / ".maturity" / "answers.yaml").read_bytes() == broken


def test_multiple_choice_with_space_and_arrows(repo: Path) -> None:
    child = spawn(repo, framework="fixture-multi")
    child.expect_exact("Which of these tools does the team use?")
    child.expect_exact("Airflow")
    child.send(" ")  # MLflow
    child.send("\x1b[B")  # down
    child.send("\x1b[B")  # down
    child.send(" ")  # Airflow
    child.send("\r")
    out = finish(child, 0)
    assert "Every question the ratings need is answered" in out
    assert values(repo) == {"tq_tools": (["mlflow", "airflow"], None)}


def test_absent_evidence_suggests_no_and_leaves_nothing_to_ask(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"train.py": "print('no tracking here')\n"})
    child = spawn(repo)  # runs are not tracked (the scan decides): level 1 is out of reach
    out = finish(child, 0)
    assert "Nothing to ask: the ratings need no more answers" in out
    child = spawn(repo, "--ask-all")  # every question: the scan's "no" is pre-selected, with why
    child.expect_exact("The scan suggests 2 answer(s)")
    child.expect_exact("→ No")
    child.expect_exact("no tracking library")
    child.expect_exact(MENU_END)
    child.send("\r")
    ask(child, "own each model in production?")
    child.send("q")
    finish(child, 0)
    assert values(repo) == {"tq_tracking": ("no", None), "tq_runs_compared": ("no", None)}
