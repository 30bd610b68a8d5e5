"""maturity scan over many repositories: in parallel, one failing, git URLs cloned, results named apart."""

from __future__ import annotations

import json
from pathlib import Path

from portfolio_fixtures import build_tree, git

ML = {
    "train.py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n",
    "tests/test_a.py": "def test_a():\n    assert 1\n",
}


def _repo(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True)
    build_tree(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


def test_parallel_scan_survives_a_broken_repository(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _repo(tmp_path / "team-a" / "churn", ML)
    b = _repo(tmp_path / "team-b" / "churn", {"notebook.py": "import pandas\n"})  # same folder name
    origin = _repo(tmp_path / "remote" / "ranker", ML)
    git(origin, "tag", "v1")
    repos = tmp_path / "repos.txt"
    repos.write_text(
        "# the fleet\n"
        "team-a/churn\n"  # relative to this file's folder
        f"{b}   # a comment after a path\n"
        "\n"
        "team-c/missing\n"
        f"{origin.as_uri()}@v1\n"
        f"{(tmp_path / 'nothing-here').as_uri()}\n"
    )
    out, tmp = tmp_path / "results", tmp_path / "tmp"
    tmp.mkdir()
    r = cli(
        "scan",
        "--repos",
        str(repos),
        "--jobs",
        "2",
        "--out",
        str(out),
        "-F",
        "html",
        env={"TMPDIR": str(tmp)},
    )
    assert r.returncode == 2, r.stderr
    assert "scanned 5 repositories" in r.stderr and "3 ok, 2 failed" in r.stderr
    assert "missing: " in r.stderr and "not a folder" in r.stderr
    assert "git clone failed" in r.stderr
    assert "Traceback" not in r.stderr
    files = sorted(p.name for p in out.glob("*.json"))
    assert len(files) == 5 and len([f for f in files if f.startswith("churn-")]) == 2, files
    docs = {f: json.loads((out / f).read_text()) for f in files}
    failed = {f: d for f, d in docs.items() if d.get("kind") == "scan-failure"}
    assert sorted(failed) == ["missing.json", "nothing-here.json"]
    ranker = docs["ranker.json"]
    assert ranker["target"]["path"] == f"{origin.as_uri()}@v1"
    assert ranker["target"]["git"]["commit"] == git(origin, "rev-parse", "v1").strip()
    assert not list(tmp.glob("maturity-clone-*")), "the clone is removed"
    assert (out / "ranker.html").is_file() and not (out / "missing.html").exists()
    # each result is the same JSON as a single scan of that repository
    single = json.loads(cli("scan", str(a), "-F", "json").stdout)
    ours = next(d for d in docs.values() if d.get("target", {}).get("path") == str(a))
    for doc in (single, ours):
        doc["provenance"].pop("generated_at")
    assert ours == single


def test_several_paths_print_one_after_the_other(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _repo(tmp_path / "a", ML)
    b = _repo(tmp_path / "b", {"x.py": "print(1)\n"})
    r = cli("scan", str(a), str(b), "-F", "markdown", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("# MLOps maturity assessment") == 2
    assert r.stdout.index("Project **a**") < r.stdout.index("Project **b**")
    assert "scanned 2 repositories" in r.stderr and "[2/2]" in r.stderr


def test_fleet_usage_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _repo(tmp_path / "a", ML)
    r = cli("scan", str(a), str(a), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "listed twice" in r.stderr
    r = cli("scan", str(a), "--executor", "dask")
    assert r.returncode == 2 and "--scheduler" in r.stderr
    r = cli("scan", str(a), str(tmp_path), "-F", "json", "-o", str(tmp_path / "x.json"))
    assert r.returncode == 2 and "--out DIR" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n")
    r = cli("scan", "--repos", str(empty))
    assert r.returncode == 2 and "lists no repository" in r.stderr
