"""`maturity check`, `badge`, `config` and `init` run as a user runs them: exit codes, output, files."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

FW_DIR = Path(__file__).parents[1] / "gate" / "frameworks"
TINY = ["--frameworks-dir", str(FW_DIR), "-f", "tiny", "-f", "tinyscore"]
Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo({"README.md": "# demo\n", "pyproject.toml": "[project]\nname = 'demo'\n"})


def check(
    cli: Cli, repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return cli("check", str(repo), *TINY, *args, env={"CI": "", "GITHUB_ACTIONS": "", **(env or {})})


def test_exit_0_when_met(cli: Cli, repo: Path) -> None:
    r = check(cli, repo, "--min", "tiny=1", "--require", "version_control")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PASSED" in r.stdout and "✓ tiny: level 1" in r.stdout


def test_never_passes_silently_every_unmet_minimum_listed(cli: Cli, repo: Path) -> None:
    r = check(cli, repo, "--min", "tiny=3", "--min", "tinyscore=1.5", "--require", "experiment_tracking",
              "-a", "gate_tracking=no", "-a", "gate_a1=yes")  # fmt: skip
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout
    assert "FAILED (3 problems)" in out
    assert "✗ tiny: level 1 (Versioned, confirmed), minimum 3" in out
    assert "held down by L2.tracking (unmet)" in out and "held down by L3.serving (unknown)" in out
    assert "✗ tinyscore: score 0" in out and "minimum 1.5" in out
    for item in ("a2", "b1", "b2"):
        assert f"held down by {item} (unknown)" in out
    assert "✗ required practice experiment_tracking" in out
    assert out.count("first step:") == 3
    assert "gate not met: 3 problems" in r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min", "tiny=x"], "FRAMEWORK=NUMBER"),
        (["--min", "nope=1"], "unknown framework 'nope'"),
        (["--min", "tiny=9"], "can never be met"),
        (["--require", "no_such_practice"], "unknown practice"),
        (["--baseline", "missing.json"], "baseline file does not exist"),
    ],
)
def test_exit_2_on_usage_errors(cli: Cli, repo: Path, args: list[str], message: str) -> None:
    r = check(cli, repo, *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr


def test_unreadable_baseline_is_exit_2(cli: Cli, repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text("{oops")
    r = check(cli, repo, "--baseline", str(bad))
    assert r.returncode == 2 and "not a maturity baseline" in r.stderr


def test_warn_only_reports_but_exits_0(cli: Cli, repo: Path) -> None:
    r = check(cli, repo, "--min", "tiny=3", "--warn-only")
    assert r.returncode == 0
    assert "FAILED (1 problem) [warn-only: not blocking]" in r.stdout and "L2.tracking" in r.stdout


def test_ratchet_then_regression(cli: Cli, repo: Path, tmp_path: Path) -> None:
    floor = tmp_path / "floor" / "baseline.json"
    good = ["-a", "gate_tracking=yes", "-a", "gate_a1=yes", "-a", "gate_a2=yes"]
    r = check(cli, repo, *good, "--baseline", str(floor), "--update-baseline")
    assert r.returncode == 0 and "baseline written" in r.stdout
    data = json.loads(floor.read_text())
    assert data["frameworks"]["tiny"]["level"] == 2 and data["practices"]["experiment_tracking"] == "met"
    assert check(cli, repo, *good, "--baseline", str(floor)).returncode == 0
    r = check(cli, repo, "-a", "gate_tracking=no", "--baseline", str(floor))
    assert r.returncode == 1
    assert "regression: tiny level was level 2, now level 1" in r.stdout
    assert "regression: practice experiment_tracking was met, now unmet" in r.stdout
    r = check(cli, repo, "-a", "gate_tracking=no", "--baseline", str(floor), "--update-baseline")
    assert r.returncode == 0 and "the new floor is lower for tiny level" in r.stdout  # said, not hidden
    assert json.loads(floor.read_text())["frameworks"]["tiny"]["level"] == 1


def test_update_baseline_default_file(cli: Cli, repo: Path) -> None:
    r = check(cli, repo, "--update-baseline")
    assert r.returncode == 0
    assert json.loads((repo / ".maturity" / "baseline.json").read_text())["frameworks"]["tiny"]["level"] == 1


def write_gate(repo: Path, body: str) -> None:
    with (repo / "pyproject.toml").open("a") as fh:
        fh.write("\n[tool.maturity.gate]\n" + body)


def test_config_file_minimums_and_cli_override(cli: Cli, repo: Path) -> None:
    write_gate(repo, "min = { tiny = 2 }\n")
    r = check(cli, repo)
    assert r.returncode == 1 and "minimum 2" in r.stdout
    r = check(cli, repo, "--min", "tiny=1")  # the flag beats the file
    assert r.returncode == 0, r.stdout
    show = cli("config", "show", str(repo))
    assert show.returncode == 0
    line = next(ln for ln in show.stdout.splitlines() if ln.startswith("gate.min.tiny"))
    assert "2.0" in line and "pyproject.toml" in line
    assert "(default)" in next(ln for ln in show.stdout.splitlines() if ln.startswith("gate.warn_only"))
    data = json.loads(cli("config", "show", str(repo), "--json", env={"MATURITY_FRAMEWORKS": "tiny"}).stdout)
    assert data["values"]["gate.min.tiny"] == {"value": 2.0, "source": str(repo / "pyproject.toml")}
    assert data["values"]["frameworks"] == {"value": ["tiny"], "source": "env"}


def test_waivers_valid_and_expired_from_config(cli: Cli, repo: Path) -> None:
    waiver = '{ criterion = "tiny:L2.tracking", reason = "buying MLflow", expires = 2999-01-01 }'
    write_gate(repo, f"min = {{ tiny = 2 }}\nwaivers = [{waiver}]\n")
    r = check(cli, repo)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "~ waived tiny:L2.tracking until 2999-01-01: buying MLflow" in r.stdout
    text = (repo / "pyproject.toml").read_text().replace("2999-01-01", "2000-01-01")
    (repo / "pyproject.toml").write_text(text)
    r = check(cli, repo)
    assert r.returncode == 1
    assert "waiver for tiny:L2.tracking expired on 2000-01-01 (reason was: buying MLflow)" in r.stdout


def test_github_annotations_and_outputs(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "gh_output"
    r = check(cli, repo, "--min", "tiny=3", env={"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(out)})
    assert r.returncode == 1
    errors = [ln for ln in r.stdout.splitlines() if ln.startswith("::error ")]
    assert errors and "file=" in errors[0] and "tiny is level 1" in errors[0]
    assert len([ln for ln in r.stdout.splitlines() if ln.startswith("::")]) <= 10
    values = dict(ln.split("=", 1) for ln in out.read_text().splitlines())
    assert values["passed"] == "false" and values["level-tiny"] == "1" and values["score-tinyscore"] == "0"


def test_no_annotations_outside_github(cli: Cli, repo: Path) -> None:
    r = check(cli, repo, "--min", "tiny=3")
    assert "::error" not in r.stdout


def test_formats_with_the_gate(cli: Cli, repo: Path, tmp_path: Path) -> None:
    sarif, junit = tmp_path / "m.sarif", tmp_path / "m.xml"
    r = check(cli, repo, "--min", "tiny=3", "-F", "sarif", "-o", str(sarif), "-F", "junit", "-o", str(junit))
    assert r.returncode == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0" and junit.read_text().startswith("<?xml")
    r = check(cli, repo, "--min", "tiny=1", "-F", "gitlab-codequality")
    assert r.returncode == 0 and isinstance(json.loads(r.stdout), list)  # the verdict went to stderr
    assert "PASSED" in r.stderr


def test_badge(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "badge.json"
    r = cli("badge", str(repo), *TINY, "-o", str(out), "-a", "gate_tracking=yes")
    assert r.returncode == 0, r.stderr
    badge = json.loads(out.read_text())
    assert badge["schemaVersion"] == 1 and badge["message"] == "tiny L2 · tinyscore 0"


def test_init_pyproject_then_refuses(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"pyproject.toml": "[project]\nname = 'x'\n", ".github/workflows/ci.yml": "on: push\n"})
    r = cli("init", str(repo))
    assert r.returncode == 0, r.stderr
    text = (repo / "pyproject.toml").read_text()
    assert text.startswith("[project]\nname = 'x'\n") and "[tool.maturity.gate]" in text
    assert "CI snippet (github)" in r.stdout and "uses: " in r.stdout
    assert "answers:" in (repo / ".maturity" / "answers.yaml").read_text()
    assert cli("config", "show", str(repo)).returncode == 0  # the starter is valid configuration
    again = cli("init", str(repo))
    assert again.returncode == 2 and "already has a [tool.maturity] table" in again.stderr
    assert (repo / "pyproject.toml").read_text() == text


def test_init_yaml_gitlab(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({".gitlab-ci.yml": "test:\n  script: [pytest]\n"})
    r = cli("init", str(repo), "--yaml")
    assert r.returncode == 0 and "CI snippet (gitlab)" in r.stdout
    assert (repo / ".maturity.yaml").is_file()
    assert cli("check", str(repo)).returncode == 0  # the starter passes today (its minimums are today's)
    assert cli("init", str(repo), "--yaml").returncode == 2


def test_config_schema(cli: Cli) -> None:
    r = cli("config", "schema")
    schema = json.loads(r.stdout)
    assert r.returncode == 0 and "gate" in schema["properties"] and "Gate" in schema["$defs"]


def test_long_holding_lists_are_cut_to_one_screen(cli: Cli, repo: Path) -> None:
    r = cli("check", str(repo), "-f", "ml-test-score", "--min", "ml-test-score=1", env={"CI": ""})
    assert r.returncode == 1, r.stdout + r.stderr
    held = [line for line in r.stdout.splitlines() if "held down by" in line]
    assert len(held) == 6
    assert "more (`maturity roadmap` or --format json lists them all)" in r.stdout
