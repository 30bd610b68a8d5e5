"""The CI fleet templates: each repository keeps its JSON result as an artifact, named after it."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_github_reusable_workflow_uploads_the_result() -> None:
    wf = yaml.safe_load((ROOT / ".github/workflows/maturity-result.yml").read_text())
    assert "workflow_call" in wf[True]  # YAML 1.1 reads the key `on` as True
    steps = wf["jobs"]["maturity"]["steps"]
    check = next(s for s in steps if s.get("id") == "check")
    assert "maturity.ci_args check" in check["run"] and "--format json --output" in check["run"]
    assert check["env"]["RESULT"] == "${{ github.event.repository.name }}.json"
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] == check["env"]["RESULT"]


def test_gitlab_include_keeps_the_result() -> None:
    job = yaml.safe_load((ROOT / "ci/gitlab/maturity-result.gitlab-ci.yml").read_text())["maturity-result"]
    assert any("--format json --output" in line and "CI_PROJECT_PATH_SLUG" in line for line in job["script"])
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == ["maturity/"]
