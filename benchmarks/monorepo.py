"""Synthetic monorepos of several shapes, and the scan's cost against the floor (used by speed_bench.py).

Shapes:

- ``mixed``: Python, notebooks, YAML, CSV data, binaries and Markdown (the mix of ``scan_bench.py``);
- ``ml-teams``: teams of 300 small Python modules, each importing three of ten ML libraries (mlflow, fastapi,
  torch, ...) and calling them, with a requirements file, a Dockerfile, configs and tests per team: the
  shape on which a detector that loops over the repository once per matching file turns quadratic.

The floor is ``git ls-files`` plus one read of every file that some detector's ``inputs`` select.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _measure import Run, load, median, run
from scan_bench import build as build_tree
from scan_bench import content as mixed_content

MATURITY = str(Path(sys.executable).parent / "maturity")
LIBS = {
    "mlflow": ("import mlflow", "mlflow.log_metric('loss', float(x))"),
    "fastapi": ("from fastapi import FastAPI", "app = FastAPI(title='svc{i}')"),
    "torch": ("import torch", "model = torch.load('model{i}.pt')"),
    "sklearn": (
        "from sklearn.ensemble import RandomForestClassifier",
        "clf = RandomForestClassifier(n_estimators=10)",
    ),
    "pandas": ("import pandas as pd", "frame = pd.read_csv('data{i}.csv')"),
    "numpy": ("import numpy as np", "arr = np.zeros(3) + x"),
    "tensorflow": ("import tensorflow as tf", "net = tf.keras.Sequential()"),
    "transformers": (
        "from transformers import AutoModel",
        "bert = AutoModel.from_pretrained('bert-base-uncased')",
    ),
    "wandb": ("import wandb", "wandb.log({{'acc': float(x)}})"),
    "bentoml": ("import bentoml", "ref = bentoml.models.get('model{i}:latest')"),
}
FILLER = "\n".join(
    f"def helper_{k}(values):\n    total = 0\n    for v in values:\n        total += v * {k}\n"
    "    return total\n"
    for k in range(6)
)
TEAM_SIZE = 305  # 300 modules + requirements, Dockerfile, config, test, README


def ml_teams_content(i: int) -> tuple[str, bytes]:
    """File ``i`` of the ``ml-teams`` shape."""
    team, k = divmod(i, TEAM_SIZE)
    base = f"teams/team{team}"
    names = list(LIBS)
    chosen = [names[(i + j * 3) % len(names)] for j in range(3)]
    if k < 300:
        imports = "\n".join(LIBS[n][0] for n in chosen)
        uses = "\n".join("    " + LIBS[n][1].format(i=i) for n in chosen)
        head = f'"""Module {i} of team {team}."""\n{imports}\n\n\n'
        body = f"{head}def run_{i}(x):\n{uses}\n    return x\n\n\n{FILLER}"
        return f"{base}/src/pkg{k // 30}/mod{k}.py", body.encode()
    other = {
        300: ("requirements.txt", "\n".join(f"{n}==1.0" for n in names) + "\n"),
        301: ("Dockerfile", "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r requirements.txt\n"),
        302: ("configs/train.yaml", f"team: {team}\nepochs: 3\nlr: 0.001\n"),
        303: (
            "tests/test_mod.py",
            "from src.pkg0.mod0 import run_0\n\n\ndef test_run():\n    assert run_0(1)\n",
        ),
        304: ("README.md", f"# Team {team}\n\nTrains and serves models.\n"),
    }
    name, text = other[k]
    return f"{base}/{name}", text.encode()


SHAPES: dict[str, Callable[[int], tuple[str, bytes]]] = {"mixed": mixed_content, "ml-teams": ml_teams_content}


def build(root: Path, shape: str, n: int) -> None:
    build_tree(root, n - 2, SHAPES[shape])  # n files with the workflow and the README


def needed_files(root: Path) -> list[str]:
    """Files some detector's ``inputs`` select (descriptions such as 'CI configurations' select nothing)."""
    from maturity.scan.registry import builtin
    from maturity.scan.repo import RepoView

    view = RepoView.open(root)
    globs = {g for d in builtin() for g in d.inputs if re.fullmatch(r"[\w.*?/\[\]-]+", g)}
    out: set[str] = set()
    for g in globs:
        out.update(view.glob(g.rstrip("/")))
    return sorted(out)


def floor(root: Path, files: list[str]) -> float:
    """``git ls-files`` (as the scan runs it) plus one read of each needed file, in seconds."""
    start = time.perf_counter()
    ls = ["git", "-C", str(root), "ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
    subprocess.run(ls, capture_output=True, check=True)
    for f in files:
        with open(f"{root}/{f}", "rb") as fh:
            fh.read(2 * 1024 * 1024)
    return time.perf_counter() - start


def repository(work: Path, shape: str, n: int) -> Path:
    root = work / f"{shape}-{n}"
    if not (root / ".git").exists():
        start = time.perf_counter()
        build(root, shape, n)
        print(f"  built {root} in {time.perf_counter() - start:.0f} s", flush=True)
    return root


def bench_monorepo(sizes: list[int], shapes: list[str], work: Path | None, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="maturity-monorepo-") as tmp:
        where = work or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        rows = []
        for shape in shapes:
            for n in sizes:
                root = repository(where, shape, n)
                needed = needed_files(root)
                floors: list[float] = []
                scans: list[Run] = []
                floor(root, needed)  # untimed: the files in the page cache for both, not for the scan only
                for _ in range(rounds):  # interleaved: floor, scan, floor, scan ...
                    floors.append(floor(root, needed))
                    scans.append(run([MATURITY, "scan", "--format", "json", str(root)]))
                rows.append((shape, n, len(needed), median(floors), scans))
        print(f"\n== Monorepos: median of {rounds} interleaved rounds ({load()})")
        columns = ("shape", "files", "needed", "floor", "scan", "ratio", "peak RSS", "ms/1k files", "KiB/f")
        print("  {:9} {:>7} {:>7} {:>8} {:>8} {:>6}  {:>9}  {:>11} {:>8}".format(*columns))
        for shape, n, needed_n, fl, scans in rows:
            wall = median([s.wall for s in scans])
            rss = max(s.rss for s in scans)
            ok = "ok" if wall <= 3 * fl and rss <= 150 else "OVER"
            failed = " (scan failed)" if any(s.code not in (0, 1) for s in scans) else ""
            print(f"  {shape:9} {n:7d} {needed_n:7d} {fl:7.2f}s {wall:7.2f}s {wall / fl:5.1f}x  {rss:7.1f}MiB"
                  f"  {wall / n * 1e6:11.1f} {rss * 1024 / n:8.2f}  {ok}{failed}")  # fmt: skip
