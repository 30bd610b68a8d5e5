"""Every detector stays linear in its input. Work is counted, not timed: the Python function calls the
built-in detectors make on a repository of size N, 2N and 4N (one kind of file at a time, so a failure
names it). Linear work doubles from one size to the next; quadratic work quadruples (150,000
``import mlflow`` lines once took minutes)."""

from __future__ import annotations

import cProfile
import json
import pstats
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import git, write

from maturity.scan import run_detectors
from maturity.scan.registry import builtin
from maturity.scan.repo import RepoView

Files = Callable[[int], dict[str, str | bytes]]


def one_big_file(n: int) -> dict[str, str | bytes]:
    """Many lines in one file of each kind the detectors read line by line or parse."""
    steps = "".join(f"      - run: pytest tests/t{i}.py\n" for i in range(n))
    cells = [
        {"cell_type": "code", "source": [f"import mlflow\nmlflow.log_metric('m{i}', {i})\n"]}
        for i in range(n)
    ]
    return {
        "train.py": "import mlflow\n" * n + "".join(f"mlflow.log_metric('m{i}', {i})\n" for i in range(n)),
        "notebook.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        "requirements.txt": "".join(f"package{i}=={i}.0\n" for i in range(n)),
        ".github/workflows/ci.yml": f"on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n{steps}",
        ".gitlab-ci.yml": "".join(f"job{i}:\n  script: [pytest -k t{i}]\n" for i in range(n)),
        "Makefile": "".join(f"t{i}:\n\tpytest tests/t{i}.py\n" for i in range(n)),
        "k8s/all.yaml": "".join(f"---\nkind: Deployment\nmetadata: {{name: d{i}}}\n" for i in range(n)),
        "anchors.yaml": "".join(f"a{i}: &a{i} {{x: {i}}}\nb{i}: *a{i}\n" for i in range(n)),
    }


def many_files(n: int) -> dict[str, str | bytes]:
    """Many small files that import and call tools, and a ``-r`` chain through all of them."""
    files: dict[str, str | bytes] = {}
    for i in range(n // 10):
        files[f"pkg{i % 7}/m{i}.py"] = f"import mlflow\nimport wandb\nmlflow.log_metric('m', {i})\n"
        files[f"req/r{i}.txt"] = f"-r r{i + 1}.txt\npkg{i}==1.0\n"
        files[f"conf/c{i}.yaml"] = f"name: c{i}\nsteps: [{{run: pytest}}]\n"
    files["requirements.txt"] = "-r req/r0.txt\n"
    return files


def work(tmp_path: Path, files: dict[str, str | bytes]) -> int:
    """Python function calls of every built-in detector on a real repository holding ``files``."""
    root = tmp_path / f"repo{len(list(tmp_path.iterdir()))}"
    write(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x")
    view = RepoView.open(root)
    detectors = builtin()
    profile = cProfile.Profile()
    profile.enable()
    findings, errors = run_detectors(view, detectors)
    profile.disable()
    assert not errors and findings
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


KINDS = list(one_big_file(1))


def one_file(name: str) -> Files:
    return lambda n: {name: one_big_file(n)[name]}


@pytest.mark.parametrize(
    "shape",
    [*(one_file(k) for k in KINDS), many_files],
    ids=[*(f"many lines in {k}" for k in KINDS), "many files"],
)
def test_detectors_are_linear(tmp_path: Path, shape: Files) -> None:
    work(tmp_path, shape(1000))  # warm up: compiled patterns and caches shared by all runs
    w1, w2, w4 = (work(tmp_path, shape(n)) for n in (1000, 2000, 4000))
    growth = (w4 - w2) / max(w2 - w1, 1)  # 2 for linear work, 4 for quadratic
    assert growth < 2.3, f"work {w1:,} -> {w2:,} -> {w4:,}: grows {growth:.1f}x when the input doubles"
