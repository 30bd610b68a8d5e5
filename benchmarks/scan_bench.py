"""Scan timing on a synthetic repository (not a test): ``python benchmarks/scan_bench.py [N_FILES] [DIR]``.

With DIR, the large repository is built there once and reused by later runs (building 100,000 files
and ``git add`` take one to two minutes).

Builds a git repository of N files (default 100,000: Python, notebooks, YAML, CSV data, binaries, Markdown)
in a temporary folder, then prints, on the same tree:

- ``git ls-files`` (tracked + untracked-not-ignored, as the scan runs it),
- reading the files the scan needs (the files the detectors read, read again cold from Python),
- the whole scan (listing + every built-in detector + merge + facts), best of 3,
- peak memory of the scan (tracemalloc, in a separate run) and the process's max RSS,
- the same scan on a small repository (about 30 files).

Target: scan within 3x of ls-files + reading the needed files, under 5 s on 2 cores.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from maturity._resources import data_dir
from maturity.frameworks.loader import CATALOG_FILE, load_catalog
from maturity.scan import run_detectors, scan
from maturity.scan.registry import builtin
from maturity.scan.repo import RepoView

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}  # fmt: skip
PY = "import os\nimport numpy as np\n{extra}\n\ndef f{i}(x):\n    return np.sum(x) + {i}\n"
EXTRAS = ["import pandas as pd", "import mlflow\nmlflow.log_metric('m', 1)", "from sklearn import svm", ""]
NB = {"cells": [{"cell_type": "code", "source": ["import pandas as pd\n", "df = pd.DataFrame()\n"]}],
      "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
CI = "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n"


def content(i: int) -> tuple[str, bytes]:
    """Path and bytes of synthetic file number ``i`` (the mix: 35% .py, 5% notebooks, 15% YAML, ...)."""
    d = f"pkg{i % 50}/mod{i % 997}"
    k = i % 20
    if k < 7:
        name = f"tests/test_{i}.py" if k == 0 else f"{d}/m{i}.py"
        body = PY.format(i=i, extra=EXTRAS[i % 4]) + ("\ndef test_x():\n    assert True\n" if k == 0 else "")
        return name, body.encode()
    if k == 7:
        return f"notebooks/{d}/n{i}.ipynb", json.dumps(NB).encode()
    if k < 11:
        return f"{d}/c{i}.yaml", f"name: c{i}\nvalues: [1, 2, 3]\nnested:\n  key: v{i}\n".encode()
    if k < 16:
        return f"data/{d}/d{i}.csv", ("a,b,c\n" + f"{i},2,3\n" * 20).encode()
    if k < 18:
        return f"assets/{d}/b{i}.bin", bytes(range(256)) * 2
    return f"docs/{d}/p{i}.md", f"# page {i}\n\nSome text.\n".encode()


def build(root: Path, n: int, make: Callable[[int], tuple[str, bytes]] = content) -> None:
    """A git work tree of ``make(i)`` for i < n, plus a CI workflow and a README, committed."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rel, data = make(i)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / ".github/workflows").mkdir(parents=True, exist_ok=True)
    (root / ".github/workflows/ci.yml").write_text(CI)
    (root / "README.md").write_text("# bench\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=GIT_ENV)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=GIT_ENV)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "bench"], check=True, env=GIT_ENV)


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def needed_files(root: Path) -> list[str]:
    view = RepoView.open(root)
    run_detectors(view, builtin())
    return list(view._text)


def read_all(root: Path, files: list[str]) -> None:
    for f in files:
        with (root / f).open("rb") as fh:
            fh.read(2 * 1024 * 1024)


def measure(root: Path, practices: list[str], label: str) -> None:
    ls = ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    t_ls = best(lambda: subprocess.run(ls, capture_output=True, check=True))
    needed = needed_files(root)
    t_read = best(lambda: read_all(root, needed))
    t_scan = best(lambda: scan(root, practices))
    tracemalloc.start()
    scan(root, practices)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    listed = len(RepoView.open(root).files)
    baseline = t_ls + t_read
    print(f"{label}: {listed} files listed, {len(needed)} read by the scan")
    print(f"  git ls-files           {t_ls:7.3f} s")
    print(f"  read needed files      {t_read:7.3f} s")
    print(f"  scan (best of 3)       {t_scan:7.3f} s   = {t_scan / baseline:.1f}x (ls-files + reads)")
    print(f"  scan peak memory       {peak / 2**20:7.1f} MiB (tracemalloc)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    keep = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    practices = [p.id for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices]
    with tempfile.TemporaryDirectory(prefix="maturity-bench-") as tmp:
        small, large = Path(tmp) / "small", keep or Path(tmp) / "large"
        start = time.perf_counter()
        build(small, 30)
        reused = (large / ".git").exists()
        if not reused:
            build(large, n)
        took = time.perf_counter() - start
        what = f"reused {large}" if reused else f"built {n} files + git add/commit in {took:.1f} s"
        print(f"{what} (cpus: {os.cpu_count()})")
        measure(small, practices, "small repository")
        measure(large, practices, "large repository")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process max RSS          {rss / 1024:7.1f} MiB")
    print(f"load average             {os.getloadavg()[0]:7.2f} (other processes on the machine)")


if __name__ == "__main__":
    main()
