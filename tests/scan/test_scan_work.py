"""A scan's work grows with the repository, never faster: counted, not timed.

Real git repositories of 1,000 and 4,000 files in two shapes (a monorepo of ML teams whose modules all
import ML libraries, serve models and compute drift statistics; a mix of code, notebooks, configs, data
and binaries) are scanned by every built-in detector. The work is counted two ways: the Python function
calls made (cProfile: every loop, regex search and parse shows up) and what the view itself counts
(paths handed out, texts asked for, files read, lines stripped and searched). Four times the files must
cost under five times the work: a detector that loops over the repository once per matching file costs
sixteen times as much and fails here.
"""

from __future__ import annotations

import cProfile
import json
import pstats
from collections import Counter
from pathlib import Path

import pytest

from maturity.scan import run_detectors
from maturity.scan.registry import builtin
from maturity.scan.repo import RepoView

pytestmark = pytest.mark.slow

LIBS = [
    ("import mlflow", "mlflow.log_metric('loss', float(x))"),
    ("from fastapi import FastAPI", "api = FastAPI(title='svc')"),
    ("import torch", "model = torch.load('model.pt')"),
    ("from sklearn.ensemble import RandomForestClassifier", "clf = RandomForestClassifier(random_state=0)"),
    ("import pandas as pd", "frame = pd.read_csv('data.csv')"),
    ("import numpy as np", "arr = np.log(np.ones(3)) + x"),
    ("import wandb", "wandb.log({'acc': float(x)})"),
    ("from transformers import AutoModel", "bert = AutoModel.from_pretrained('bert-base-uncased')"),
]
APP = '''"""Serving app {i}."""
from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
def predict(payload: dict) -> dict:
    return {{"score": MODEL.predict([payload["x"]])}}
'''
DRIFT = '''import numpy as np


def population_stability_{i}(expected, actual):
    """PSI of team {i}."""
    return float(np.sum((actual - expected) * np.log(actual / expected)))
'''
NOTEBOOK = {"cells": [{"cell_type": "code", "source": ["import pandas as pd\n", "pd.read_csv('x.csv')\n"]}]}


def ml_teams(n: int) -> dict[str, str | bytes]:
    """Teams of 100 files: modules importing three ML libraries, an app, a drift check, tests, configs."""
    files: dict[str, str | bytes] = {
        ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    steps:\n      - run: pytest\n"
    }
    for i in range(n - 1):
        team, k = divmod(i, 100)
        base = f"teams/team{team}"
        if k < 90:
            chosen = [LIBS[(i + j * 3) % len(LIBS)] for j in range(3)]
            body = "\n".join(imp for imp, _ in chosen) + f"\n\n\ndef run_{i}(x):\n"
            files[f"{base}/src/pkg{k // 15}/mod{k}.py"] = body + "".join(f"    {use}\n" for _, use in chosen)
        elif k == 90:
            files[f"{base}/src/pkg0/app.py"] = APP.format(i=i)
        elif k == 91:
            files[f"{base}/src/monitoring/drift.py"] = DRIFT.format(i=i)
        elif k < 96:
            files[f"{base}/tests/test_m{k}.py"] = f"def test_{k}():\n    assert {k} == {k}\n"
        else:
            kind = k % 4
            name, text = [
                ("requirements.txt", "mlflow==2.1\ntorch==2.0\n"),
                ("Dockerfile", "FROM python:3.11\nRUN pip install -r requirements.txt\n"),
                ("configs/train.yaml", f"team: {team}\nlr: 0.1\n"),
                ("notebooks/explore.ipynb", json.dumps(NOTEBOOK)),
            ][kind]
            files[f"{base}/{name}"] = text
    return files


SUFFIXES = [".py", ".py", ".py", ".ipynb", ".yaml", ".csv", ".bin", ".md", ".json", ".sh"]


def mixed(n: int) -> dict[str, str | bytes]:
    """Python, notebooks, YAML, CSV, binaries and Markdown in folders."""
    files: dict[str, str | bytes] = {"README.md": "# mixed\n"}
    for i in range(n - 1):
        d, k = f"pkg{i % 20}/sub{i % 97}", i % 10
        files[
            f"{d}/f{i}" + [".py", ".py", ".py", ".ipynb", ".yaml", ".csv", ".bin", ".md", ".json", ".sh"][k]
        ] = [
            f"import os\nimport numpy as np\n\n\ndef f{i}(x):\n    return np.sum(x) + {i}\n",
            f"import mlflow\nmlflow.log_metric('m', {i})\n",
            f"def test_{i}():\n    assert True\n",
            json.dumps(NOTEBOOK),
            f"name: c{i}\nsteps: [{{run: pytest}}]\n",
            "a,b\n1,2\n",
            bytes(range(256)),
            f"# page {i}\n",
            json.dumps({"k": i}),
            f"python train.py --seed {i}\n",
        ][k]
    return files


def work(root: Path) -> Counter[str]:
    view = RepoView.open(root)
    profile = cProfile.Profile()
    profile.enable()
    findings, errors = run_detectors(view, builtin())
    profile.disable()
    assert not errors and findings
    counted = Counter(view.work)
    counted["function calls"] = int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
    return counted


@pytest.mark.parametrize("shape", [ml_teams, mixed], ids=["ml-teams", "mixed"])
def test_four_times_the_files_cost_under_five_times_the_work(make_repo, shape) -> None:
    work(make_repo(shape(200)))  # compiled patterns and read needles shared by the runs below
    small, large = work(make_repo(shape(1000))), work(make_repo(shape(4000)))
    assert small["files read"] > 500 and small["function calls"] > 0
    for what, count in sorted(large.items()):
        assert count < 5 * max(small[what], 1), (
            f"{what}: {small[what]:,} for 1,000 files, {count:,} for 4,000"
        )
