"""Loading framework files: FILE:LINE: field: message for every mistake, extra folders, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from maturity.errors import FrameworkError
from maturity.frameworks.loader import load_framework
from maturity.frameworks.registry import ENV_PATH, Library, load_library

HERE = Path(__file__).parent
INVALID = sorted((HERE / "invalid").glob("*.yaml"))
ROOT = HERE.parents[1]

CUSTOM = """\
id: acme
name: ACME internal MLOps ladder
short_name: ACME
version: "2026.1"
description: Our own ladder.
sources: [{title: ACME wiki, url: "https://wiki.example.org/mlops"}]
scoring: levels
levels:
  - {level: 0, name: Start, summary: nothing yet}
  - level: 1
    name: Tracked
    summary: runs are tracked
    criteria:
      - {id: L1.tracking, title: Runs are tracked, practices: [experiment_tracking],
         roadmap: Log runs to MLflow.}
"""


def expectation(file: Path) -> str:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{file.name} must start with '# expect: LINE: field: message'"
    return first.removeprefix("# expect: ")


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def test_there_is_an_invalid_file_per_kind_of_mistake() -> None:
    names = {f.stem for f in INVALID}
    assert {
        "broken_yaml",
        "unknown_practice",
        "unknown_question",
        "missing_field",
        "wrong_scoring",
        "nonconsecutive_levels",
        "duplicate_criterion",
        "band_gap",
    } <= names


@pytest.mark.parametrize("file", INVALID, ids=lambda f: f.stem)
def test_invalid_file_is_reported_at_its_line_and_field(lib: Library, file: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(file, set(lib.practices), set(lib.questions))
    assert str(info.value).startswith(f"{file}:{expectation(file)}")


@pytest.mark.parametrize("name", ["broken_yaml", "unknown_practice"])
def test_cli_validate_exits_2_with_file_line_and_no_traceback(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    file = HERE / "invalid" / f"{name}.yaml"
    result = cli("frameworks", "validate", str(file))
    assert result.returncode == 2
    assert f"{file}:{expectation(file)}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_validate_accepts_good_files(cli) -> None:  # type: ignore[no-untyped-def]
    files = [str(ROOT / "frameworks" / f"{fid}.yaml") for fid in ("google", "microsoft", "ml-test-score")]
    result = cli("frameworks", "validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok (") == 3 and "ml-test-score, points, 28 criteria" in result.stdout


def test_frameworks_dir_adds_a_custom_framework(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "acme.yaml").write_text(CUSTOM, encoding="utf-8")
    result = cli("frameworks", "list", "--frameworks-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "acme" in result.stdout and "google" in result.stdout
    assert "acme" not in cli("frameworks", "list").stdout
    shown = cli("frameworks", "show", "acme", "--frameworks-dir", str(tmp_path))
    assert shown.returncode == 0 and "L1.tracking" in shown.stdout and "experiment_tracking" in shown.stdout


def test_env_path_adds_a_custom_framework(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "acme.yaml").write_text(CUSTOM, encoding="utf-8")
    monkeypatch.setenv(ENV_PATH, str(tmp_path))
    lib = load_library()
    assert lib.framework("acme").short_name == "ACME"
    assert lib.origins["acme"] == str(tmp_path / "acme.yaml")


def test_env_path_in_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "acme.yaml").write_text(CUSTOM, encoding="utf-8")
    result = cli("frameworks", "list", env={ENV_PATH: str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "acme" in result.stdout


def test_an_id_clash_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mine.yaml").write_text(CUSTOM.replace("id: acme", "id: google"), encoding="utf-8")
    result = cli("frameworks", "list", "--frameworks-dir", str(tmp_path))
    assert result.returncode == 2
    assert str(tmp_path / "mine.yaml") in result.stderr
    assert "framework id 'google' is already defined in" in result.stderr and "google.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_frameworks_dir_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("frameworks", "list", "--frameworks-dir", str(tmp_path / "nope"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_show_google_lists_levels_and_what_criteria_need(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("frameworks", "show", "google")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    needles = ("Level 0: Manual process", "Level 2: CI/CD pipeline automation", "L1.orchestrated_pipeline",
               "pipeline_orchestration", "questions: same_pipeline_everywhere")  # fmt: skip
    for needle in needles:
        assert needle in out, needle


def test_show_ml_test_score_prints_bands(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("frameworks", "show", "ml-test-score").stdout
    assert "min of the section sums" in out and "Exceptional" in out and "monitor-7" in out


def test_schema_is_valid_json_schema_and_accepts_shipped_files(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("frameworks", "schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for fid in ("google", "microsoft", "five-stage", "ml-test-score"):
        data = yaml.safe_load((ROOT / "frameworks" / f"{fid}.yaml").read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{fid}: {errors[0].message}"
    bad = yaml.safe_load((HERE / "invalid" / "wrong_scoring.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(bad)), "the schema must reject an unknown scoring model"
