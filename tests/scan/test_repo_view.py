"""RepoView and the scan on hostile and unusual repositories: listing, ignores, bad files, odd git states."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from maturity._resources import data_dir
from maturity.frameworks.loader import CATALOG_FILE, load_catalog
from maturity.scan import ondisk as ondisk_module
from maturity.scan import scan
from maturity.scan.repo import RepoView

PRACTICES = [p.id for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices]


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def skipped(view_or_list: Any) -> dict[str, str]:
    items = view_or_list.skipped if hasattr(view_or_list, "skipped") else view_or_list
    return {s.path: s.reason for s in items}


def test_lists_tracked_and_untracked_not_ignored(make_repo: Any) -> None:
    root = make_repo({".gitignore": "secret.txt\nout/\n", "a.py": "x = 1\n", "out/b.py": "y = 2\n"})
    (root / "new.py").write_text("z = 3\n")
    (root / "secret.txt").write_text("no\n")
    view = RepoView.open(root)
    assert view.is_git
    assert view.files == [".gitignore", "a.py", "new.py"]


def test_skips_venvs_vendored_build_and_config_excludes(make_repo: Any) -> None:
    files = {
        ".venv/lib/x.py": "",
        "node_modules/p/i.js": "",
        "build/lib/y.py": "",
        "pkg.egg-info/PKG-INFO": "",
        "data/raw/big.csv": "a\n",
        "src/m.py": "",
    }
    root = make_repo(files)
    assert RepoView.open(root).files == ["data/raw/big.csv", "src/m.py"]
    assert RepoView.open(root, exclude=["data"]).files == ["src/m.py"]
    assert RepoView.open(root, exclude=["**/*.py"]).files == ["data/raw/big.csv"]


def test_not_a_repo_is_walked(make_repo: Any) -> None:
    root = make_repo({"a.py": "", "venv/bin/python": "", "sub/b.ipynb": "{}"}, git_init=False)
    view = RepoView.open(root)
    assert not view.is_git
    assert view.files == ["a.py", "sub/b.ipynb"]


def test_binary_invalid_utf8_and_huge_files(make_repo: Any) -> None:
    root = make_repo({"model.bin": b"\x00\x01\x02" * 10, "latin.py": b"x = '\xe9'\n", "big.txt": "a" * 5000})
    view = RepoView.open(root)
    view.max_bytes = 1000
    assert view.text("model.bin") is None
    assert view.text("latin.py") == "x = '\ufffd'\n"
    assert len(view.text("big.txt") or "") == 1000
    reasons = skipped(view)
    assert reasons["model.bin"] == "binary file"
    assert "only the first 1000" in reasons["big.txt"]
    assert "latin.py" not in reasons


def test_each_file_is_read_at_most_once(make_repo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: pytest\n",
        "pyproject.toml": "[tool.ruff]\n",
        "tests/test_a.py": "import pandas\n\ndef test_a():\n    assert 1\n",
        "src/train.py": "import mlflow\nmlflow.start_run()\n",
        "nb.ipynb": '{"cells": [{"cell_type": "code", "source": ["import wandb\\n"]}]}',
        "Dockerfile": "FROM python:3.11\n",
        "README.md": "# x\n",
    }
    root = make_repo(files)
    opened: Counter[str] = Counter()
    prefix = f"{root.resolve()}/"

    real_open = ondisk_module.open_regular

    def counting_open(file: str, **kwargs: Any) -> Any:
        if file.startswith(prefix) and "/.git/" not in file:
            opened[file.removeprefix(prefix)] += 1
        return real_open(file, **kwargs)

    monkeypatch.setattr(ondisk_module, "open_regular", counting_open)
    scan(root, PRACTICES)
    assert opened, "the scan read nothing through RepoView"
    assert max(opened.values()) == 1, opened


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_skipped(make_repo: Any) -> None:
    root = make_repo({"secret.py": "x = 1\n"})
    (root / "secret.py").chmod(0)
    try:
        view = RepoView.open(root)
        assert view.text("secret.py") is None
        assert skipped(view)["secret.py"].startswith("unreadable")
    finally:
        (root / "secret.py").chmod(0o644)


def test_file_vanishing_after_listing_is_skipped(make_repo: Any) -> None:
    root = make_repo({"gone.py": "x = 1\n"}, commit=False)
    view = RepoView.open(root)
    (root / "gone.py").unlink()
    assert view.text("gone.py") is None
    assert skipped(view)["gone.py"].startswith("unreadable")


def test_symlinks_out_loops_and_folders_are_not_followed(make_repo: Any, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n")
    root = make_repo({"a.py": "x = 1\n", "pkg/b.py": ""}, commit=False)
    (root / "out.txt").symlink_to(outside)
    (root / "loop1").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop1")
    (root / "pkgdir").symlink_to(root / "pkg")
    (root / "inside.py").symlink_to(root / "a.py")
    for view in (RepoView.open(root), _walked(root)):
        reasons = skipped(view)
        assert "outside" in reasons["out.txt"]
        assert reasons["loop1"] == "symlink loop"
        assert "folder" in reasons["pkgdir"]
        assert "inside.py" in view.files
        assert "out.txt" not in view.files


def _walked(root: Path) -> RepoView:
    shutil.rmtree(root / ".git", ignore_errors=True)
    return RepoView.open(root)


def test_fifo_is_not_opened(make_repo: Any) -> None:
    root = make_repo({"a.py": ""}, git_init=False)
    os.mkfifo(root / "pipe")
    view = RepoView.open(root)
    assert "pipe" not in view.files
    assert skipped(view)["pipe"] == "a FIFO (not scanned)"


def test_malformed_yaml_json_toml_notebook(make_repo: Any) -> None:
    files = {
        "bad.yaml": "a: [unclosed\n",
        "bad.json": "{nope",
        "pyproject.toml": "[tool\n",
        "nb.ipynb": '{"cells": "not a list"',
        "bomb.yaml": 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: [*d,*d]\n',
    }
    view = RepoView.from_dict(files)
    assert view.yaml("bad.yaml") is None and view.yaml_located("bad.yaml") == []
    assert view.json("bad.json") is None
    assert view.toml("pyproject.toml") is None
    assert view.code_cells("nb.ipynb") == []
    assert view.yaml_located("bomb.yaml")  # aliases are shared, not expanded
    assert {"bad.yaml", "bad.json", "pyproject.toml", "nb.ipynb"} <= set(skipped(view))


def test_located_yaml_lines() -> None:
    view = RepoView.from_dict({"w.yml": "jobs:\n  t:\n    run: |\n      one\n      two\n"})
    (doc,) = view.yaml_located("w.yml")
    run = doc["jobs"]["t"]["run"]
    assert (run.line, run.block) == (3, True)


def test_empty_repo_without_commits(make_repo: Any) -> None:
    root = make_repo({"train.py": "print(1)\n"}, commit=False)
    evidence = scan(root, PRACTICES)
    assert evidence.practices["version_control"].status.value == "partial"
    assert evidence.target.git is not None and evidence.target.git.commit is None
    assert evidence.facts["files"] == 1


def test_totally_empty_repo(make_repo: Any) -> None:
    root = make_repo({}, commit=False)
    evidence = scan(root, PRACTICES)
    assert evidence.facts["files"] == 0
    assert evidence.practices["ci"].status.value == "absent"


def test_detached_head(make_repo: Any) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    git(root, "commit", "-q", "--allow-empty", "-m", "second")
    git(root, "checkout", "-q", "--detach", "HEAD~1")
    evidence = scan(root, PRACTICES)
    assert evidence.practices["version_control"].status.value == "present"
    assert evidence.target.git is not None and evidence.target.git.branch is None
    assert evidence.facts["git"]["commits"] == 1


def test_shallow_clone_facts(make_repo: Any, tmp_path: Path) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    for i in range(3):
        git(root, "commit", "-q", "--allow-empty", "-m", f"c{i}")
    git(root, "tag", "v1")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
    facts = scan(clone, PRACTICES).facts["git"]
    assert facts["shallow"] is True
    assert facts["commits"] == 1
    full = scan(root, PRACTICES).facts["git"]
    assert (full["shallow"], full["commits"], full["tags"], full["contributors"]) == (False, 4, 1, 1)


def test_monorepo_subfolder_sees_own_files_and_governing_root_files(make_repo: Any) -> None:
    files = {
        ".github/workflows/ci.yml": "on: push\n",
        "poetry.lock": "",
        ".pre-commit-config.yaml": "repos: []\n",
        "projects/churn/train.py": "",
        "projects/fraud/train.py": "",
        "libs/shared/util.py": "",
    }
    root = make_repo(files)
    view = RepoView.open(root / "projects" / "churn")
    assert view.subdir == "projects/churn"
    assert view.root == root.resolve()
    assert view.files == [
        ".github/workflows/ci.yml",
        ".pre-commit-config.yaml",
        "poetry.lock",
        "projects/churn/train.py",
    ]


def test_cli_scan_verbose_on_hostile_repo_exits_0_and_lists_skipped(make_repo: Any, cli: Any) -> None:
    files = {
        "model.bin": b"\x00\xff" * 100,
        "bad.yaml": "a: [",
        ".github/workflows/ci.yml": "on: [push\n",
        "nb.ipynb": "{ not json",
        "src/x.py": b"\xff\xfe invalid utf-8 = 1\n",
    }
    root = make_repo(files)
    (root / "loop").symlink_to(root / "loop")
    result = cli("scan", str(root), "--verbose")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "skipped loop: symlink loop" in result.stdout
    assert "skipped .github/workflows/ci.yml: malformed YAML" in result.stdout
    assert "skipped nb.ipynb: malformed JSON" in result.stdout
