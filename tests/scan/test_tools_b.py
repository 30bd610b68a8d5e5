"""Unit tests for the shared ML-tool helpers (scan/detectors/_tools.py)."""

from __future__ import annotations

import pytest

from maturity.scan.detectors._tools import Tool, code_lines, is_test_path, manifests, tools_finding, usage
from maturity.scan.models import Outcome
from maturity.scan.repo import RepoView

MLFLOW = Tool("mlflow", ("mlflow",), ("mlflow",), ("**/MLproject",), r"\bmlflow\.log_\w+\s*\(")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_a.py", True),
        ("pkg/tests/helpers.py", True),
        ("src/test_utils.py", True),
        ("src/model_test.py", True),
        ("conftest.py", True),
        ("src/train.py", False),
        ("src/contest.py", False),
        ("notebooks/testing_ideas.ipynb", False),
    ],
)
def test_is_test_path(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_code_lines_drop_comments_and_docstrings() -> None:
    src = (
        '"""Module doc.\nimport mlflow\n"""\n'
        "x = 1  # mlflow.log_metric()\n"
        "s = '#not a comment'\n"
        "def f():\n    '''one-line doc'''\n    return '''a\nb'''\n"
        "# whole comment\n"
    )
    repo = RepoView.from_dict({"a.py": src})
    got = dict(code_lines(repo, "a.py"))
    assert got[4].strip() == "x = 1"
    assert 5 in got and "#not a comment" in got[5]
    assert 2 not in got and 7 not in got and 10 not in got
    assert got[8].strip() == "return"


def test_usage_levels() -> None:
    used = usage(RepoView.from_dict({"t.py": "import mlflow\nmlflow.log_metric('a', 1)\n"}), MLFLOW, "d")
    assert used.outcome is Outcome.present
    assert [(p.path, p.line) for p in used.proofs] == [("t.py", 2), ("t.py", 1)]
    tests_only = usage(RepoView.from_dict({"tests/test_t.py": "import mlflow\n"}), MLFLOW, "d")
    assert tests_only.outcome is Outcome.partial and "only in tests" in tests_only.reason
    declared = usage(RepoView.from_dict({"requirements.txt": "MLflow>=2\n"}), MLFLOW, "d")
    assert declared.outcome is Outcome.partial
    assert declared.reason == "mlflow is declared in requirements.txt:1 but never imported"
    config = usage(RepoView.from_dict({"proj/MLproject": "name: x\n"}), MLFLOW, "d")
    assert config.outcome is Outcome.present and config.proofs[0].path == "proj/MLproject"
    assert usage(RepoView.from_dict({"a.py": "# import mlflow\n"}), MLFLOW, "d").outcome is None


def test_import_prefix_does_not_match_other_submodules() -> None:
    tool = Tool("tb", ("torch.utils.tensorboard",))
    repo = RepoView.from_dict({"a.py": "import torch.utils.data\nimport torch\n"})
    assert usage(repo, tool, "d").outcome is None


def test_tools_finding_prefers_present_and_reports_absent() -> None:
    wandb = Tool("wandb", ("wandb",), ("wandb",))
    repo = RepoView.from_dict({"requirements.txt": "wandb\n", "a.py": "import mlflow\n"})
    found = tools_finding(repo, "experiment_tracking", "d", [MLFLOW, wandb], "none")
    assert found is not None and found.outcome is Outcome.present
    assert found.details["experiment_tracking_tools"] == ["mlflow"]
    empty = tools_finding(RepoView.from_dict({"a.py": "x = 1\n"}), "p", "d", [MLFLOW], "nothing here")
    assert empty is not None and empty.outcome is Outcome.absent and empty.message == "nothing here"
    assert tools_finding(RepoView.from_dict({}), "p", "d", [MLFLOW], None) is None


def test_manifests_index_kinds_with_lines() -> None:
    repo = RepoView.from_dict({"k.yaml": "a: 1\n---\nkind: Rollout\n", "x.yml": "  kind: Rollout\n"})
    assert [(p.path, p.line) for p in manifests(repo, "Rollout")] == [("k.yaml", 3)]


def test_hostile_files_never_crash_the_ml_detectors() -> None:
    from importlib import import_module

    from maturity.scan import run_detectors

    files: dict[str, str | bytes] = {
        "broken.ipynb": '{"cells": [{"cell_type": "code", "source": ["import mlflow\\n"',
        "weird.ipynb": '{"cells": "not a list"}',
        "binary.py": b"\0\0import wandb\0",
        "bad.yaml": "kind: Rollout\n  - : [\n",
        "pyproject.toml": "[project\nname = 1",
        "environment.yml": "dependencies: {a: 1}\n",
        "requirements.txt": "\ufeff-r missing.txt\n--hash\n==1.0\n",
        ".gitattributes": "\0\0",
        "dvc.yaml": "stages: [1, 2]\n",
        "prefect.yaml": "- cron: x\n",
        ".pre-commit-config.yaml": "- ci\n",
        "dash/grafana/x.json": "[1, 2",
        "unterminated.py": 'x = """never closed\nimport mlflow\n',
    }
    repo = RepoView.from_dict(files)
    names = (
        "deps",
        "versioning",
        "tracking",
        "orchestration",
        "serving",
        "deployment",
        "monitoring",
        "features",
    )
    detectors = [d for n in names for d in import_module(f"maturity.scan.detectors.{n}").DETECTORS]
    findings, errors = run_detectors(repo, detectors)
    assert errors == []
    tracking = [f for f in findings if f.practice == "experiment_tracking"]
    assert [f.outcome for f in tracking] == [Outcome.absent]
