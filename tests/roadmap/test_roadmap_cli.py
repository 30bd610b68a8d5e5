"""`maturity roadmap` on real fixture repositories, as a user runs it."""

from __future__ import annotations

import json


def test_roadmap_table_json_markdown(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"analysis.ipynb": '{"cells": []}\n', "requirements.txt": "pandas\n"})
    table = cli("roadmap", str(repo))
    assert table.returncode == 0, table.stderr
    assert "\nNow " in table.stdout and "effort" in table.stdout and "satisfies google:" not in table.stdout
    verbose = cli("roadmap", str(repo), "--verbose")
    assert "satisfies google:" in verbose.stdout
    data = json.loads(cli("roadmap", str(repo), "--format", "json").stdout)
    assert data["steps"] and all(s["horizon"] in ("now", "next", "later", "confirm") for s in data["steps"])
    assert all(s["criteria"] or s["enables"] for s in data["steps"])
    md = cli("roadmap", str(repo), "-F", "markdown").stdout
    assert md.startswith("## Roadmap") and "### Now" in md


def test_roadmap_agrees_with_scan_json(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"train.py": "import sklearn\n", ".github/workflows/ci.yml": "on: [push]\njobs: {}\n"})
    report = json.loads(cli("scan", str(repo), "--format", "json").stdout)
    open_refs = {
        f"{f['id']}:{c['id']}"
        for f in report["frameworks"]
        for c in f["criteria"]
        if c["status"] not in ("met", "not_applicable")
    }
    named = {ref for s in report["roadmap"]["steps"] for ref in s["criteria"]}
    assert named == open_refs


def test_roadmap_rejects_unknown_format(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("roadmap", str(make_repo({"a.py": ""})), "--format", "pdf")
    assert result.returncode == 2 and "unknown --format" in result.stderr


def test_steps_fit_the_stack_the_scan_found(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({
        ".gitlab-ci.yml": "build:\n  image: python:3.11\n  script:\n    - pip install -r requirements.txt\n",
        "requirements.txt": "mlflow==2.14.1\nscikit-learn==1.5.1\n",
        "train.py": "import mlflow\n\nwith mlflow.start_run():\n    mlflow.log_metric('auc', 0.8)\n",
    })  # fmt: skip
    data = json.loads(cli("roadmap", str(repo), "-F", "json").stdout)
    assert data["stack"] == {"ci": "GitLab CI", "tracker": "MLflow"}
    steps = {s["id"]: s for s in data["steps"]}
    assert "MLflow" in (steps["model_registry"]["tool"] or "")
    for s in data["steps"]:
        if s["file"]:
            assert s["file"] == ".gitlab-ci.yml" and "github" not in (s["snippet"] or "").lower()
