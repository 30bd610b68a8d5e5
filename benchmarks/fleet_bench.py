"""Fleet throughput (not a test): ``python benchmarks/fleet_bench.py [N_REPOS] [DIR]``.

Generates N small ML repositories (default 200; git work trees of 10-40 files: training code, tests,
CI, Dockerfiles, notebooks, data), then scans all of them with ``maturity scan --repos FILE --out DIR``
three ways and prints the wall time and throughput of each:

- ``--jobs 1`` (one process),
- ``--jobs 2`` (a local process pool of two),
- ``--executor dask`` on a local Dask cluster of two worker processes (needs the ``fleet`` extra).

With DIR, the repositories are built there once and reused by later runs.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}  # fmt: skip
MATURITY = [str(Path(sys.executable).with_name("maturity"))]

PIECES: dict[str, str] = {
    "train.py": "import mlflow\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\n"
    "def main():\n    df = pd.read_csv('data/train.csv')\n"
    "    model = LogisticRegression().fit(df[['x']], df.y)\n"
    "    mlflow.log_metric('auc', 0.9)\n",
    "tests/test_train.py": "def test_fit():\n    assert model.fit(x) is not None\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: pip install -r requirements.txt\n      - run: pytest -q\n",
    "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
    "requirements.txt": "pandas==2.2.2\nscikit-learn==1.5.0\nmlflow==2.14.0\n",
    "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps: [data/train.csv]\n",
    "serve.py": "from fastapi import FastAPI\nimport joblib\napp = FastAPI()\n"
    "model = joblib.load('m.pkl')\n\n"
    "@app.post('/predict')\ndef predict(x: float):\n    return model.predict([[x]])\n",
    "README.md": "# service\n\n## Setup\n\n" + "Install, then train.\n" * 10,
}


def build(root: Path, i: int) -> None:
    rng = random.Random(i)
    root.mkdir(parents=True)
    chosen = [k for k in PIECES if rng.random() < 0.25 + 0.6 * (i % 10) / 10]
    for rel in chosen or ["train.py"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(PIECES[rel])
    for k in range(rng.randint(5, 30)):
        (root / f"src/pkg/mod{k}.py").parent.mkdir(parents=True, exist_ok=True)
        (root / f"src/pkg/mod{k}.py").write_text(f"def f{k}(x):\n    return x + {k}\n")
    (root / "data").mkdir(exist_ok=True)
    (root / "data/train.csv").write_text("x,y\n" + "1,0\n" * 50)
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=GIT_ENV)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=GIT_ENV)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "init"], check=True, env=GIT_ENV)


def fleet(base: Path, n: int) -> Path:
    listing = base / "repos.txt"
    repos = [base / "repos" / f"team{i % 7}" / f"svc-{i:03d}" for i in range(n)]
    for i, r in enumerate(repos):
        if not r.is_dir():
            build(r, i)
    listing.write_text("".join(f"{r}\n" for r in repos))
    return listing


def timed(args: list[str], out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run([*MATURITY, "scan", *args, "--out", str(out)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"scan failed ({done.returncode}): {done.stderr[-800:]}")
    return elapsed


def dask_cluster() -> object | None:
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    base = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    t0 = time.perf_counter()
    listing = fleet(base, n)
    print(f"{n} repositories ready in {time.perf_counter() - t0:.1f}s under {base}")
    rows = [("--jobs 1", timed(["--repos", str(listing), "--jobs", "1"], base / "out1")),
            ("--jobs 2", timed(["--repos", str(listing), "--jobs", "2"], base / "out2"))]  # fmt: skip
    cluster = dask_cluster()
    if cluster is None:
        print("dask: skipped (pip install 'maturity[fleet]')")
    else:
        try:
            address = str(cluster.scheduler_address)  # type: ignore[attr-defined]
            args = ["--repos", str(listing), "--executor", "dask", "--scheduler", address]
            rows.append(("dask, 2 workers", timed(args, base / "out-dask")))
        finally:
            cluster.close()  # type: ignore[attr-defined]
    print(f"{'executor':<18}{'wall':>9}{'repos/s':>10}{'ms/repo':>10}")
    for name, secs in rows:
        print(f"{name:<18}{secs:>8.1f}s{n / secs:>10.1f}{1000 * secs / n:>10.0f}")
    print(f"machine: {os.cpu_count()} CPUs; each scan includes its process's share of start-up")


if __name__ == "__main__":
    main()
