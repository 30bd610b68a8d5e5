"""The README's GitHub, GitLab and pre-commit setups, run as those systems run them (slow: real installs).

The action installs maturity from its own checkout (a tagged copy of this one) into a clean venv, once
per session; the GitLab template installs from a git tag of a ``file://`` clone; pre-commit installs the
hook from a ``file://`` clone at its ``rev``. Each setup runs exactly the README's snippet on a repository
that should fail the gate (and, for the action, on one that should pass).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ci_harness import (
    ROOT,
    clean_env,
    gitlab_job,
    readme_block,
    release_copy,
    run_action,
    run_gitlab_job,
    version,
)

pytestmark = pytest.mark.slow
FW_DIR = ROOT / "tests" / "gate" / "frameworks"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
BARE = {
    "README.md": "# demo\n",
    "pyproject.toml": "[project]\nname = 'demo'\n",
    "train.py": "print('train')\n",
}
CI_TESTS = {
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n      - run: python -m pytest -q\n",
    "tests/test_model.py": "def test_model():\n    assert 1 + 1 == 2\n",
}


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_copy(tmp_path_factory.mktemp("release") / "maturity")


@pytest.fixture(scope="session")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP shared by the session: the action installs its venv once."""
    return tmp_path_factory.mktemp("runner_temp")


def readme_action_inputs() -> dict[str, str]:
    workflow = yaml.safe_load(readme_block("# .github/workflows/maturity.yml"))
    steps = workflow["jobs"]["maturity"]["steps"]
    (step,) = [s for s in steps if str(s.get("uses", "")).startswith("maturity-dev/maturity@")]
    assert step["uses"] == f"maturity-dev/maturity@v{version().split('.')[0]}"
    return {k: str(v) for k, v in step.get("with", {}).items()}


def framework_outputs() -> set[str]:
    """The level-<id> / score-<id> output of every shipped framework."""
    from maturity.frameworks.registry import load_library

    frameworks = load_library().frameworks.values()
    return {f"{'level' if f.scoring == 'levels' else 'score'}-{f.id}" for f in frameworks}


def sarif_results(path: Path, repo: Path) -> list[dict[str, Any]]:
    sarif = json.loads(path.read_text())
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    (run,) = sarif["runs"]
    for r in run["results"]:
        (loc,) = r["locations"]
        assert (repo / loc["physicalLocation"]["artifactLocation"]["uri"]).is_file(), r["ruleId"]
        assert loc["physicalLocation"]["region"]["startLine"] >= 1
    return list(run["results"])


def test_readme_workflow_fails_the_gate_when_it_should(
    release: Path, runner_temp: Path, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo(BARE)
    run = run_action(release, repo, tmp_path, runner_temp, readme_action_inputs())
    assert run.codes == [0, 1], run.stdout + run.stderr
    assert run.outputs["passed"] == "false" and run.outputs["exit-code"] == "1"
    assert run.outputs["problems"] == "2"  # google below 1, ci_runs_tests not met
    assert run.outputs["level-google"] == "0" and run.outputs["score-ml-test-score"]
    assert Path(run.outputs["maturity"]).is_file()
    declared = set(run.outputs) - {"exit-code", "maturity"}
    assert set(run.step_outputs["check"]) - {"exit-code"} <= declared  # every output set is declared
    assert declared == framework_outputs() | {"passed", "problems", "ml-test-score"}  # one per framework
    errors = [ln for ln in run.stdout.splitlines() if ln.startswith("::error ")]
    assert len(errors) == 2 and all("file=" in ln and ",line=" in ln for ln in errors)
    gate = [
        r for r in sarif_results(repo / "maturity.sarif", repo) if r["ruleId"].startswith("maturity/gate/")
    ]
    assert {(r["ruleId"], r["level"]) for r in gate} == {("maturity/gate/min", "error"),
                                                          ("maturity/gate/required", "error")}  # fmt: skip
    assert run.summary.startswith("**maturity check: FAILED (2 problems)**")
    assert "✗ google: level 0" in run.summary and "# " in run.summary  # the verdict, then the report


def test_readme_workflow_passes_when_the_gate_is_met(
    release: Path, runner_temp: Path, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    from maturity.frameworks.registry import load_library

    expires = dt.date.today() + dt.timedelta(days=90)
    level1 = [c.id for c in load_library().frameworks["google"].criteria() if c.id.startswith("L1.")]
    waivers = ", ".join(
        f'{{ criterion = "google:{c}", reason = "pilot", expires = {expires} }}' for c in level1
    )
    pyproject = BARE["pyproject.toml"] + f"\n[tool.maturity.gate]\nwaivers = [{waivers}]\n"
    repo = make_repo({**BARE, **CI_TESTS, "pyproject.toml": pyproject})
    run = run_action(release, repo, tmp_path, runner_temp, readme_action_inputs())
    assert run.codes == [0, 0], run.stdout + run.stderr
    assert run.outputs["passed"] == "true" and run.outputs["problems"] == "0"
    assert "✓ required practice ci_runs_tests (CI runs the tests) is met" in run.stdout
    assert run.summary.startswith("**maturity check: PASSED**")


def test_action_args_are_split_like_words_never_globbed(
    release: Path, runner_temp: Path, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    spaced = tmp_path / "frameworks dir"
    spaced.mkdir()
    for f in FW_DIR.iterdir():
        (spaced / f.name).write_text(f.read_text())
    repo = make_repo({"README.md": "# x\n", "notes.md": "n\n"})
    args = f'--frameworks-dir "{spaced}" -f tiny --min tiny=1 --exclude *.md'  # bash would glob *.md
    run = run_action(release, repo, tmp_path, runner_temp, {"args": args, "sarif": "", "summary": "false"})
    assert run.codes == [0, 0], run.stdout + run.stderr
    assert "✓ tiny: level 1" in run.stdout and run.summary == ""
    assert not (repo / "maturity.sarif").exists()
    bad = run_action(release, repo, tmp_path, runner_temp, {"args": '--min "tiny=1', "sarif": ""})
    assert bad.codes == [0, 2] and "MATURITY_ARGS: No closing quotation" in bad.stderr


def test_action_usage_error_is_exit_2(
    release: Path, runner_temp: Path, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo(BARE)
    run = run_action(release, repo, tmp_path, runner_temp, {"args": "--min google=x"})
    assert run.codes == [0, 2] and run.outputs["exit-code"] == "2" and run.outputs["passed"] == ""
    assert "FRAMEWORK=NUMBER" in run.stderr and not (repo / "maturity.sarif").exists()


def test_the_action_installs_the_slim_core(
    release: Path, runner_temp: Path, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo(BARE)
    run = run_action(release, repo, tmp_path, runner_temp, {"args": "--min google=0", "sarif": ""})
    exe = Path(run.outputs["maturity"])
    python = exe.with_name("python")
    code = "import importlib.util as u; print(u.find_spec('weasyprint'))"
    probe = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    assert probe.stdout.strip() == "None"  # WeasyPrint is the pdf extra
    r = subprocess.run([str(exe), "report", str(repo), "-F", "pdf", "-o", str(tmp_path / "r.pdf")],
                       capture_output=True, text=True, env=clean_env())  # fmt: skip
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0, r.stderr
    assert "pip install 'maturity[pdf]'" in r.stderr and not (tmp_path / "r.pdf").exists()


@pytest.fixture(scope="session")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean venv standing for the template's python image."""
    venv = tmp_path_factory.mktemp("image") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    return venv


def test_readme_gitlab_include_installs_from_the_git_tag(
    release: Path, image: Path, make_repo: Callable[..., Path]
) -> None:
    job = gitlab_job(yaml.safe_load(readme_block("# .gitlab-ci.yml")), release)
    assert job["variables"]["MATURITY_VERSION"] == f"v{version()}"
    repo = make_repo(BARE)
    r = run_gitlab_job(job, repo, image, MATURITY_REPO=f"file://{release}")
    assert r.returncode == 1, r.stdout + r.stderr  # the gate fails the job
    reports = job["artifacts"]["reports"]
    quality = json.loads((repo / reports["codequality"]).read_text())
    assert [i["severity"] for i in quality[:2]] == ["blocker", "blocker"]
    suite = ET.parse(repo / reports["junit"]).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "maturity gate" and suite.get("failures") == "2"
    installed = subprocess.run([str(image / "bin" / "maturity"), "--version"], capture_output=True, text=True)
    assert installed.stdout.strip() == f"maturity {version()}"


def test_readme_pre_commit_hook(release: Path, make_repo: Callable[..., Path], tmp_path: Path) -> None:
    config = readme_block("# .pre-commit-config.yaml")
    assert "repo: https://github.com/maturity-dev/maturity\n" in config and f"rev: v{version()}" in config
    config = config.replace("https://github.com/maturity-dev/maturity", f"file://{release}")
    gate = "\n[tool.maturity.gate]\nmin = { google = 1 }\n"
    repo = make_repo(
        {**BARE, ".pre-commit-config.yaml": config, "pyproject.toml": BARE["pyproject.toml"] + gate}
    )
    env = clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "maturity-check", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip

    r = hook()
    assert r.returncode == 1 and "maturity check: FAILED (1 problem)" in r.stdout, r.stdout + r.stderr
    (repo / "pyproject.toml").write_text(BARE["pyproject.toml"] + gate.replace("google = 1", "google = 0"))
    r = hook()
    assert r.returncode == 0, r.stdout + r.stderr


def test_pre_commit_hook_manifest_is_valid() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    (hook,) = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "maturity-check" and hook["entry"] == "maturity check" and not hook["pass_filenames"]
