"""`maturity check` as CI runs it: the verdict in every output, nothing silently ignored, several paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]
FW_DIR = Path(__file__).parents[1] / "gate" / "frameworks"
TINY = ["--frameworks-dir", str(FW_DIR), "-f", "tiny", "-f", "tinyscore"]
NO_CI = {"CI": "", "GITHUB_ACTIONS": ""}


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo({"README.md": "# demo\n", "pyproject.toml": "[project]\nname = 'demo'\n"})


def check(cli: Cli, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cli("check", *args, *TINY, env={**NO_CI, **(env or {})})


def test_every_output_carries_the_verdict(cli: Cli, repo: Path, tmp_path: Path) -> None:
    sarif, junit, quality = tmp_path / "m.sarif", tmp_path / "m.xml", tmp_path / "q.json"
    r = check(cli, str(repo), "--min", "tiny=3", "--require", "version_control", "--confirmed",
              "-a", "gate_tracking=yes", "-F", "json", "-o", "-", "-F", "gitlab-codequality",
              "-o", str(quality), "-o", str(sarif), "-o", str(junit))  # fmt: skip
    # the Nth -F goes with the Nth -o; the other -o take the format their extension names
    assert r.returncode == 1, r.stderr
    assert "maturity check: FAILED (1 problem)" in r.stderr  # a report on stdout: the verdict on stderr
    gate = json.loads(r.stdout)["gate"]
    assert gate["passed"] is False and gate["figure"] == "confirmed"
    (problem,) = gate["problems"]
    assert (problem["kind"], problem["framework"], problem["wanted"], problem["got"]) == ("min", "tiny", 3, 2)
    assert [h["criterion"] for h in problem["holding"]] == ["L3.serving"]
    assert [(m["kind"], m["subject"]) for m in gate["met"]] == [("required", "version_control")]
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert results[0]["ruleId"] == "maturity/gate/min" and results[0]["level"] == "error"
    assert all(
        r["kind"] == "review" and r["level"] == "none"
        for r in results
        if r["properties"].get("status") == "unknown"
    )
    suites = {s.get("name"): s for s in ET.parse(junit).getroot()}
    assert list(suites) == ["maturity gate"]  # the criteria only with --junit-criteria
    cases = {
        c.get("name"): c.find("failure") is not None for c in suites["maturity gate"].findall("testcase")
    }
    assert cases == {"minimum tiny": True, "required practice version_control": False}
    assert json.loads(quality.read_text())[0]["severity"] == "blocker"


def test_sarif_category_scope_and_junit_criteria(
    cli: Cli, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    mono = make_repo({"services/churn/train.py": "x = 1\n", "README.md": "# mono\n"})
    sarif, scoped, junit = tmp_path / "a.sarif", tmp_path / "b.sarif", tmp_path / "j.xml"
    project = str(mono / "services" / "churn")
    r = check(cli, project, "--min", "tiny=2", "-o", str(sarif), "-o", str(junit), "--junit-criteria")
    assert r.returncode == 1, r.stderr
    run = json.loads(sarif.read_text())["runs"][0]
    assert run["automationDetails"]["id"] == "maturity/services/churn/"  # monorepo uploads stay apart
    assert len(run["results"]) > 1
    r = check(cli, project, "--min", "tiny=2", "-o", str(scoped), "--sarif-scope", "gate",
              "--sarif-category", "churn")  # fmt: skip
    run = json.loads(scoped.read_text())["runs"][0]
    assert run["automationDetails"]["id"] == "maturity/churn/"
    assert [r["ruleId"] for r in run["results"]] == ["maturity/gate/min"]
    suites = {s.get("name"): s for s in ET.parse(junit).getroot()}
    assert list(suites) == ["maturity gate", "tiny", "tinyscore"]
    assert (
        suites["tiny"].get("failures") == "0" and suites["tiny"].get("skipped") != "0"
    )  # only the gate fails
    assert suites["maturity gate"].get("failures") == "1"


def test_warn_only_annotations_are_warnings_with_lines(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "gh_output"
    r = check(
        cli,
        str(repo),
        "--min",
        "tiny=3",
        "--warn-only",
        env={"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(out)},
    )
    assert r.returncode == 0
    commands = [ln for ln in r.stdout.splitlines() if ln.startswith("::")]
    assert commands and all(ln.startswith("::warning file=") and ",line=" in ln for ln in commands)
    assert commands[0].endswith("Experiment tracking.") or commands[0].endswith(".")
    assert "passed=false" in out.read_text()


def test_nothing_is_silently_ignored(cli: Cli, repo: Path, tmp_path: Path) -> None:
    r = check(cli, str(repo), "--min", "tiny=1", "--min", "tiny=2")
    assert r.returncode == 2 and "--min tiny is given twice (1 and 2)" in r.stderr
    r = cli(
        "check", str(repo), "-f", "five-stage", "--min", "five-stage=1", "--min", "latentview=2", env=NO_CI
    )
    assert r.returncode == 2 and "name one framework (five-stage)" in r.stderr
    r = check(cli, str(repo), "--answers", str(tmp_path / "missing.yaml"))
    assert r.returncode == 2 and "missing.yaml: --answers does not exist" in r.stderr
    saved = tmp_path / "r.json"
    assert cli("scan", str(repo), *TINY, "-o", str(saved)).returncode == 0
    r = cli("report", "--from", str(saved), "--from", str(saved), "-o", str(tmp_path / "r.md"))
    assert r.returncode == 2 and "`maturity portfolio`" in r.stderr and not (tmp_path / "r.md").exists()


def test_update_baseline_still_checks_the_minimums(cli: Cli, repo: Path) -> None:
    r = check(cli, str(repo), "--min", "tiny=2", "--update-baseline")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "✗ tiny: level 1" in r.stdout and "baseline written" in r.stdout
    assert (repo / ".maturity" / "baseline.json").is_file()


def test_several_paths(cli: Cli, make_repo: Callable[..., Path], tmp_path: Path) -> None:
    good = make_repo({"README.md": "a\n"}, name="good")
    bad = make_repo({"README.md": "b\n", ".maturity.yaml": "gate:\n  min: {tiny: 2}\n"}, name="bad")
    r = check(cli, str(good), str(bad), "--require", "version_control", "-o", str(tmp_path / "{name}.json"))
    assert r.returncode == 1, r.stdout + r.stderr
    assert (
        f"maturity check {good}: PASSED" in r.stdout
        and f"maturity check {bad}: FAILED (1 problem)" in r.stdout
    )
    assert "maturity check: 2 paths: 1 passed, 1 failed" in r.stdout
    assert json.loads((tmp_path / "good.json").read_text())["gate"]["passed"] is True
    assert json.loads((tmp_path / "bad.json").read_text())["gate"]["passed"] is False
    r = check(cli, str(good), str(tmp_path / "nowhere"), str(bad))
    assert r.returncode == 2  # a path that cannot be assessed; the others still finish
    assert f"maturity check {bad}: FAILED" in r.stdout and "not a folder" in r.stderr
    assert "3 paths: 1 passed, 1 failed, 1 not assessed" in r.stdout
    r = check(cli, str(good), str(bad), "-o", str(tmp_path / "one.json"))
    assert r.returncode == 2 and "put {name} in its name" in r.stderr


def test_several_paths_show_progress_on_a_terminal(make_repo: Callable[..., Path]) -> None:
    a, b = make_repo({"README.md": "a\n"}, name="a"), make_repo({"README.md": "b\n"}, name="b")
    exe = str(Path(sys.executable).with_name("maturity"))
    child = pexpect.spawn(exe, ["check", str(a), str(b), *TINY], env={**os.environ, **NO_CI, "NO_COLOR": "1"},
                          encoding="utf-8", timeout=120)  # fmt: skip
    child.expect(r"\[1/2\] checking ")
    child.expect(r"\[2/2\] checking ")
    child.expect("2 paths: 2 passed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
