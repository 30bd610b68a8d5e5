"""The real `maturity assess` driven through a pseudo-terminal: answer, go back, quit, resume, finish."""

from __future__ import annotations

import os
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
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status, child.logfile_read.text()[-2000:]
    return " ".join(child.logfile_read.text().split())


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


def test_answer_back_quit_resume_finish(repo: Path) -> None:
    child = spawn(repo)
    child.expect_exact("0/4 answered")  # the on-call follow-up is hidden until tq_owner is yes
    child.expect_exact("People and process")  # the theme's name, from the questionnaire
    ask(child, "own each model in production?")
    child.send("1")  # yes: the follow-up question (when tq_owner is yes) appears
    child.expect_exact("How many people are on call")
    child.expect_exact("Answer (a number)")
    child.sendline("3")
    ask(child, "second person approve")
    child.send("?")
    child.expect_exact("Four eyes catch what one misses.")
    child.expect_exact(MENU_END)
    child.send("5")  # not applicable: asks for a reason
    child.expect_exact("Why does it not apply?")
    child.sendline("no releases yet")
    ask(child, "compared with earlier ones")
    child.send("b")  # back to the release question
    ask(child, "second person approve")
    child.send("2")  # partly
    ask(child, "compared with earlier ones")
    child.send("q")
    out = finish(child, 0)
    assert "continue where you stopped" in out
    assert "training runs logged" not in out  # settled by the scan (mlflow is used): never asked
    assert "1 settled by the scan" in out
    assert values(repo) == {
        "tq_owner": ("yes", None),
        "tq_team_size": (3.0, None),
        "tq_review": ("partial", None),
    }

    child = spawn(repo)  # resume: only the open questions, the scan's answer pre-selected
    child.expect_exact("3/5 answered")
    ask(child, "compared with earlier ones")
    assert "found: train.py:1 import mlflow" in child.logfile_read.text()
    child.send("\r")  # confirm the suggestion
    ask(child, "How often is the production model retrained?")
    child.send("s")  # skip: stays unknown, asked again next time
    out = finish(child, 0)
    assert "1 question(s) unanswered (unknown in the ratings): tq_cadence" in out
    assert "own each model" not in out

    child = spawn(repo)
    ask(child, "How often is the production model retrained?")
    child.send("3")
    out = finish(child, 0)
    assert "Every question is answered" in out
    saved = answers_of(repo)
    assert values(repo) == {
        "tq_owner": ("yes", None),
        "tq_team_size": (3.0, None),
        "tq_review": ("partial", None),
        "tq_runs_compared": ("yes", None),
        "tq_cadence": ("weekly", None),
    }
    assert {a["who"] for a in saved.values()} == {"Ada Lovelace"}
    assert {a["question_version"] for a in saved.values()} == {1}
    assert all(str(a["when"]).endswith("Z") or "+00:00" in str(a["when"]) for a in saved.values())


def test_not_applicable_reason_is_kept(repo: Path) -> None:
    child = spawn(repo)
    ask(child, "own each model in production?")
    child.send("3")
    ask(child, "second person approve")
    child.send("5")
    child.expect_exact("Why does it not apply?")
    child.sendline("")  # a reason is required
    child.expect_exact("a short reason is needed")
    child.sendline("no releases yet")
    ask(child, "compared with earlier ones")
    child.send("q")
    finish(child, 0)
    assert values(repo)["tq_review"] == ("not_applicable", "no releases yet")


def test_ctrl_c_keeps_answers(repo: Path) -> None:
    child = spawn(repo)
    ask(child, "own each model in production?")
    child.send("3")  # no: the on-call follow-up is not asked
    ask(child, "second person approve")
    child.sendcontrol("c")
    out = finish(child, 130)
    assert "How many people" not in out
    assert "continue where you stopped" in out
    assert values(repo) == {"tq_owner": ("no", None)}


def test_eof_is_a_clear_error_and_keeps_answers(repo: Path) -> None:
    child = spawn(repo)
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
    assert MENU_END not in out
    assert "4 question(s) unanswered" in out and "tq_cadence" in out


def test_answer_beats_scan_with_ask_all(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pairs = [("tq_owner", "no"), ("tq_review", "yes"), ("tq_runs_compared", "yes"), ("tq_cadence", "weekly")]
    answered = {q: {"value": v} for q, v in pairs}
    (repo / ".maturity").mkdir()
    (repo / ".maturity" / "answers.yaml").write_text(
        yaml.safe_dump({"schema_version": 1, "answers": answered})
    )
    child = spawn(repo, "--ask-all")
    ask(child, "training runs logged to an experiment tracker?")
    assert "found: train.py:1 import mlflow" in child.logfile_read.text()
    child.send("3")  # no, whatever the scan says
    out = finish(child, 0)
    assert "answer overrides" in out
    assert values(repo)["tq_tracking"] == ("no", None)
    r = cli("scan", str(repo), "--frameworks-dir", str(FIXTURE), "--framework", "fixture", "--format", "json")
    import json

    practice = next(p for p in json.loads(r.stdout)["practices"] if p["id"] == "experiment_tracking")
    assert practice["status"] == "present" and practice["assessed"] == "unmet" and practice["conflict"]


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
    ask(child, "second person approve")
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
    assert "Every question is answered" in out
    assert values(repo) == {"tq_tools": (["mlflow", "airflow"], None)}


def test_absent_practice_settles_its_question_and_preselects_no(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"train.py": "print('no tracking here')\n"})
    child = spawn(repo)
    ask(child, "own each model in production?")
    child.send("3")
    ask(child, "second person approve")
    child.send("1")
    ask(child, "compared with earlier ones")
    screen = " ".join(child.logfile_read.text().split())
    assert "the scan: no tracking library" in screen
    child.send("\r")  # Enter keeps the pre-selected answer: No
    ask(child, "How often is the production model retrained?")
    child.send("q")
    out = finish(child, 0)
    assert "training runs logged" not in out  # absent is as decisive as present
    assert values(repo)["tq_runs_compared"] == ("no", None)
