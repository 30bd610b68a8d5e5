"""`maturity assess` without a terminal and `maturity answers ...`, run as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

FIXTURE = Path(__file__).parent / "fixture"
FW = ("--frameworks-dir", str(FIXTURE), "--framework", "fixture")
MLFLOW = {"train.py": 'import mlflow\n\nmlflow.log_param("lr", 0.1)\n'}
GOOD = """schema_version: 1
answers:
  tq_owner:
    value: 'yes'
    who: Ada
    question_version: 1
  tq_old_question:
    value: 'no'
  tq_review:
    value: partial
"""


def test_no_input_lists_unknown_questions_and_exits_0(cli, make_repo) -> None:
    repo = make_repo(MLFLOW)
    r = cli("assess", str(repo), *FW, "--no-input")
    assert r.returncode == 0, r.stderr
    out = " ".join(r.stdout.split())
    assert "4 question(s) unanswered" in out
    for qid in ("tq_owner", "tq_review", "tq_runs_compared", "tq_cadence"):
        assert qid in out
    assert "tq_tracking" not in out  # the scan decides it (mlflow is used)
    assert not (repo / ".maturity").exists()  # nothing to save, nothing written


def test_require_complete_fails_with_exit_2(cli, make_repo) -> None:
    repo = make_repo(MLFLOW)
    r = cli("assess", str(repo), *FW, "--no-input", "--require-complete", "--answer", "tq_owner=yes")
    assert r.returncode == 2
    unanswered = "4 question(s) unanswered: tq_team_size, tq_review, tq_runs_compared, tq_cadence"
    assert unanswered in " ".join(r.stderr.split())  # the follow-up of tq_owner=yes is needed too
    args = [f"--answer={q}=yes" for q in ("tq_review", "tq_runs_compared")] + ["--answer=tq_cadence=weekly"]
    r = cli("assess", str(repo), *FW, "--no-input", "--require-complete", "--answer", "tq_team_size=2", *args)
    assert r.returncode == 0, r.stderr
    assert "Every question the ratings need is answered" in r.stdout
    # `assess --answer` records the answers (the roadmap tells people to answer this way)
    saved = yaml.safe_load((repo / ".maturity" / "answers.yaml").read_text())["answers"]
    assert {q: a["value"] for q, a in saved.items()} == {
        "tq_owner": "yes", "tq_team_size": 2.0, "tq_review": "yes", "tq_runs_compared": "yes",
        "tq_cadence": "weekly",
    }  # fmt: skip
    assert all(a.get("when") for a in saved.values())
    r = cli("answers", "validate", str(repo))  # a number given on the command line is saved as a number
    assert r.returncode == 0, r.stderr
    r = cli("assess", str(repo), *FW, "--no-input", "--answer", "tq_team_size=two")
    assert r.returncode == 2 and "expected a number" in r.stderr


def test_an_answer_that_settles_a_criterion_leaves_nothing_to_ask(cli, make_repo) -> None:
    """tq_owner=no makes L1.owner unmet whatever the other answers: the ratings need none of them."""
    repo = make_repo(MLFLOW)
    r = cli("assess", str(repo), *FW, "--no-input", "--require-complete", "--answer", "tq_owner=no")
    assert r.returncode == 0, r.stderr
    assert "Every question the ratings need is answered" in r.stdout


def test_scan_answer_is_an_override_not_saved(cli, make_repo) -> None:
    repo = make_repo(MLFLOW)
    r = cli("scan", str(repo), *FW, "--answer", "tq_owner=no")
    assert r.returncode == 0, r.stderr
    assert not (repo / ".maturity").exists()


def test_every_command_refuses_an_invalid_answer_with_file_and_line(cli, make_repo) -> None:
    bad = "schema_version: 1\nanswers:\n  tq_owner:\n    who: Ada\n    value: maybe\n"
    repo = make_repo({**MLFLOW, ".maturity/answers.yaml": bad})
    for command in (["assess", "--no-input"], ["scan"], ["check"], ["report", "-F", "json"], ["roadmap"]):
        r = cli(command[0], str(repo), *FW, *command[1:])
        assert r.returncode == 2, (command, r.stdout, r.stderr)
        assert ".maturity/answers.yaml:5: answers.tq_owner.value: 'maybe' is not one of" in r.stderr, command
        assert "Traceback" not in r.stderr
    assert (repo / ".maturity" / "answers.yaml").read_text() == bad  # nothing lost


def test_answer_overrides_scan_and_report_says_so(cli, make_repo) -> None:
    repo = make_repo(MLFLOW)
    r = cli("scan", str(repo), *FW, "--format", "json", "--answer", "tq_tracking=no")
    assert r.returncode == 0, r.stderr
    practice = next(p for p in json.loads(r.stdout)["practices"] if p["id"] == "experiment_tracking")
    assert practice["status"] == "present" and practice["assessed"] == "unmet"
    assert "tq_tracking" in practice["conflict"]


def test_corrupt_answers_file_is_kept_byte_for_byte(cli, make_repo) -> None:
    broken = b"schema_version: 1\nanswers:\n  tq_owner:\n    value: [yes\n"
    repo = make_repo({**MLFLOW, ".maturity/answers.yaml": broken})
    r = cli("assess", str(repo), *FW)
    assert r.returncode == 2
    assert ".maturity/answers.yaml:5" in r.stderr and "invalid YAML" in r.stderr
    assert "not changed" in r.stderr
    assert (repo / ".maturity" / "answers.yaml").read_bytes() == broken
    r = cli("answers", "validate", str(repo), *FW[:2])
    assert r.returncode == 2 and "answers.yaml:5" in r.stderr


def test_answers_show_and_validate_flag_removed_questions(cli, make_repo) -> None:
    repo = make_repo({".maturity/answers.yaml": GOOD})
    r = cli("answers", "show", str(repo), *FW[:2])
    assert r.returncode == 0, r.stderr
    out = " ".join(r.stdout.split())
    assert "tq_owner" in out and "Ada" in out and "no longer exists" in out
    r = cli("answers", "validate", str(repo), *FW[:2])
    assert r.returncode == 0, r.stderr
    assert "answers.yaml:7: tq_old_question: warning: question no longer exists" in r.stdout
    assert "3 answer(s), 1 warning(s)" in r.stdout


def test_answers_validate_rejects_bad_values(cli, make_repo) -> None:
    repo = make_repo({".maturity/answers.yaml": GOOD.replace("value: partial", "value: maybe")})
    r = cli("answers", "validate", str(repo), *FW[:2])
    assert r.returncode == 2
    assert "answers.yaml:10: tq_review: error: 'maybe' is not one of" in r.stderr  # the value's line


def test_answers_clear_one_then_all(cli, make_repo) -> None:
    repo = make_repo({".maturity/answers.yaml": GOOD})
    file = repo / ".maturity" / "answers.yaml"
    r = cli("answers", "clear", str(repo), "--question", "tq_review")
    assert r.returncode == 0, r.stderr
    assert sorted(yaml.safe_load(file.read_text())["answers"]) == ["tq_old_question", "tq_owner"]
    r = cli("answers", "clear", str(repo))
    assert r.returncode == 2 and "--yes" in r.stderr
    assert len(yaml.safe_load(file.read_text())["answers"]) == 2
    r = cli("answers", "clear", str(repo), "--yes")
    assert r.returncode == 0 and yaml.safe_load(file.read_text())["answers"] == {}


def test_answers_schema_is_json_schema(cli) -> None:
    r = cli("answers", "schema")
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    assert schema["properties"]["schema_version"]["const"] == 1
    assert "Answer" in schema["$defs"]


def test_piped_stdin_never_prompts_even_without_no_input(cli, make_repo) -> None:
    repo = make_repo(MLFLOW)
    r = cli("assess", str(repo), *FW, env={"CI": ""}, input="1\n2\n")
    assert r.returncode == 0, r.stderr
    assert "quit and save" not in r.stdout
    assert "4 question(s) unanswered" in " ".join(r.stdout.split())
