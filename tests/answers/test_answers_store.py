"""The answers file: atomic writes, round trip, schema version, errors with their line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from maturity.answers import store
from maturity.answers.models import Answer
from maturity.errors import AnswersError

WHEN = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)


def sample() -> dict[str, Answer]:
    return {
        "tq_review": Answer(value="partial", who="Ada", when=WHEN, question_version=2, source="interactive"),
        "tq_owner": Answer(value="not_applicable", note="no production yet", who="Ada", when=WHEN),
        "tq_team_size": Answer(value=3.0),
        "tq_tools": Answer(value=["mlflow", "dvc"], evidence="https://wiki/tools"),
    }


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    file = tmp_path / ".maturity" / "answers.yaml"
    store.save(file, sample())
    loaded = store.load(file)
    assert loaded.file == str(file)
    for qid, a in sample().items():
        got = loaded.answers[qid]
        assert got.model_dump(exclude={"source"}) == a.model_dump(exclude={"source"})
        assert got.source == "file"


def test_file_has_schema_version_and_sorted_ids(tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    store.save(file, sample())
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert data["schema_version"] == store.SCHEMA_VERSION == 1
    assert list(data["answers"]) == sorted(sample())
    assert "source" not in data["answers"]["tq_review"]


def test_atomic_write_leaves_no_temp_files_and_replaces(tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    store.save(file, sample())
    inode_before = file.stat().st_ino
    store.save(file, {"tq_owner": Answer(value="yes")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]
    assert file.stat().st_ino != inode_before  # renamed over, not rewritten in place
    assert list(store.load(file).answers) == ["tq_owner"]


def test_failed_write_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "answers.yaml"
    store.save(file, sample())
    before = file.read_bytes()

    def boom(answers: dict[str, Answer]) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "dump", boom)
    with pytest.raises(RuntimeError):
        store.save(file, {})
    assert file.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_missing_and_empty_files_are_no_answers(tmp_path: Path) -> None:
    assert store.load(tmp_path / "nope.yaml").answers == {}
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert store.load(tmp_path / "empty.yaml").answers == {}


def test_hand_typed_yes_and_no_are_answers_not_booleans(tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(
        "schema_version: 1\nanswers:\n  a:\n    value: yes\n  b:\n    value: no\n", encoding="utf-8"
    )
    loaded = store.load(file)
    assert loaded.answers["a"].value == "yes"
    assert loaded.answers["b"].value == "no"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("schema_version: 1\nanswers:\n  a:\n    value: [yes\n", 5, "invalid YAML"),
        ("schema_version: 1\nanswers:\n  a:\n    value: yes\n    colour: red\n", 5, "colour"),
        ("schema_version: 2\nanswers: {}\n", 1, "schema_version"),
        ("- just\n- a list\n", 1, "mapping"),
    ],
)
def test_corrupt_file_error_has_line_and_hint(tmp_path: Path, text: str, line: int, words: str) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as info:
        store.load(file)
    assert info.value.line == line
    assert words in str(info.value)
    assert info.value.hint and "not changed" in info.value.hint


def test_schema_validates_a_saved_file_and_rejects_typos(tmp_path: Path) -> None:
    schema = json.loads(store.schema())
    file = tmp_path / "answers.yaml"
    store.save(file, sample())
    data = json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)
    data["answers"]["tq_owner"]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "answers": {"Bad-Id": {"value": "yes"}}}, schema)


def test_persisted_leaves_out_command_line_answers() -> None:
    from maturity.answers.models import Answers

    answers = Answers(
        answers={
            "a": Answer(value="yes", source="file"),
            "b": Answer(value="no", source="cli"),
            "c": Answer(value="no", source="interactive"),
        }
    )
    assert sorted(store.persisted(answers)) == ["a", "c"]


def test_current_user_is_git_user_name(make_repo) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    repo = make_repo({"a.py": "x = 1\n"})
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Grace Hopper"], check=True)
    assert store.current_user(repo) == "Grace Hopper"


def test_unwritable_folder_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(AnswersError, match="cannot write the answers file"):
        store.save(blocker / "answers.yaml", sample())
