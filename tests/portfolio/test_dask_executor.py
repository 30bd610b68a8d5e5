"""The Dask executor on a local cluster of two worker processes (the `fleet` extra)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest
from portfolio_fixtures import build_tree, git


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")  # fmt: skip
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_sweep_on_a_local_dask_cluster(cli, tmp_path: Path, scheduler: str) -> None:  # type: ignore[no-untyped-def]
    lines = []
    for i in range(4):
        root = tmp_path / f"svc{i}"
        build_tree(
            root, {"train.py": "import mlflow\nmlflow.log_metric('m', 1)\n", "README.md": f"# svc {i}\n"}
        )
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial")
        lines.append(str(root))
    lines.append(str(tmp_path / "gone"))
    (tmp_path / "repos.txt").write_text("\n".join(lines) + "\n")
    out = tmp_path / "results"
    r = cli("scan", "--repos", str(tmp_path / "repos.txt"), "--executor", "dask", "--scheduler", scheduler,
            "--out", str(out))  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "(dask): 4 ok, 1 failed" in r.stderr and "gone: " in r.stderr
    docs = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert sorted(docs) == ["gone", "svc0", "svc1", "svc2", "svc3"]
    assert docs["gone"]["kind"] == "scan-failure"
    tracking = next(p for p in docs["svc2"]["practices"] if p["id"] == "experiment_tracking")
    assert tracking["status"] == "present" and tracking["evidence"][0]["path"] == "train.py"
    client = distributed.Client(scheduler)
    try:
        assert len(client.scheduler_info()["workers"]) == 2
    finally:
        client.close()


def test_unreachable_scheduler_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("scan", str(tmp_path), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert r.returncode == 2 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr
