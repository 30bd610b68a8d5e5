"""The composite GitHub Action, run locally: each `run:` step of action.yml through bash, as a runner does.

Inputs are substituted for ``${{ inputs.NAME }}``; ``maturity`` comes from this venv on PATH; the
runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) are temporary files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).parents[2]
FW_DIR = ROOT / "tests" / "gate" / "frameworks"
EXPR = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


def load_action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return data


def substitute(text: str, context: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        if m.group(1).startswith("steps."):
            return context.get(m.group(1), "")  # an output never set is empty, as on GitHub
        assert m.group(1) in context, f"action.yml uses an expression this test does not know: {m.group(0)}"
        return context[m.group(1)]

    return EXPR.sub(value, text)


def run_action(repo: Path, tmp: Path, inputs: dict[str, str]) -> tuple[list[int], dict[str, str], Path]:
    """Run every step; returns the exit codes, the action's outputs, and the step summary file."""
    action = load_action()
    assert action["runs"]["using"] == "composite"
    context = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    context.update({f"inputs.{k}": v for k, v in inputs.items()})
    gh_output, summary = tmp / "github_output", tmp / "step_summary"
    gh_output.touch()
    summary.touch()
    base_env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_OUTPUT": str(gh_output),
                "GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"}  # fmt: skip
    codes: list[int] = []
    for step in action["runs"]["steps"]:
        if "run" not in step or (codes and codes[-1] != 0 and "always()" not in str(step.get("if", ""))):
            continue
        assert step["shell"] == "bash"
        env = {**base_env, **{k: substitute(str(v), context) for k, v in step.get("env", {}).items()}}
        script = substitute(step["run"], context)
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
        codes.append(proc.returncode)
        if step.get("id") == "check":
            context.update({f"steps.check.outputs.{k}": v for k, v in _outputs(gh_output).items()})
    outputs = {name: substitute(o["value"], context) for name, o in action["outputs"].items()}
    return codes, outputs, summary


def _outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text().splitlines() if "=" in line)


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo({"README.md": "# demo\n", "train.py": "print('train')\n"})


def test_action_passes_and_writes_valid_sarif(repo: Path, tmp_path: Path) -> None:
    args = f"--frameworks-dir {FW_DIR} -f tiny --min tiny=1"
    codes, outputs, summary = run_action(repo, tmp_path, {"args": args, "sarif": "out/maturity.sarif"})
    assert codes == [0, 0, 0]
    assert summary.read_text().strip(), "the job summary step wrote nothing"
    assert outputs == {"passed": "true", "problems": "0", "exit-code": "0"}
    sarif = json.loads((repo / "out" / "maturity.sarif").read_text())
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)


def test_action_fails_the_step_below_the_minimum(repo: Path, tmp_path: Path) -> None:
    args = f"--frameworks-dir {FW_DIR} -f tiny --min tiny=2"
    codes, outputs, summary = run_action(repo, tmp_path, {"args": args, "summary": "false"})
    assert codes[1] == 1  # the check step fails the job
    assert len(codes) == 3  # the summary step still runs (if: always())
    assert outputs == {"passed": "false", "problems": "1", "exit-code": "1"}
    assert (repo / "maturity.sarif").is_file()
    assert summary.read_text() == ""  # summary: false


def test_action_usage_error_is_exit_2(repo: Path, tmp_path: Path) -> None:
    codes, outputs, _ = run_action(repo, tmp_path, {"args": "--min google=x", "sarif": ""})
    assert codes[1] == 2 and outputs == {"passed": "", "problems": "", "exit-code": "2"}
    assert not (repo / "maturity.sarif").exists()


def test_pre_commit_hook_manifest_is_valid() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    (hook,) = hooks
    assert hook["id"] == "maturity-check" and hook["entry"] == "maturity check" and not hook["pass_filenames"]


def test_gitlab_template_produces_the_reports_it_declares() -> None:
    job = yaml.safe_load((ROOT / "ci" / "gitlab" / "maturity.gitlab-ci.yml").read_text())["maturity"]
    script = " ".join(job["script"])
    reports = job["artifacts"]["reports"]
    assert "maturity check" in script
    assert f"--format gitlab-codequality --output {reports['codequality']}" in script
    assert f"--format junit --output {reports['junit']}" in script
