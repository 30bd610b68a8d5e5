"""What is on disk, not what git recorded: symlinks out of the repository, FIFOs, devices, folders where
files were, submodules, binary and mis-encoded files, hostile file names."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hostile_support import CANARY, Case, build, check_safe, git, run


def replace_by_symlink(rel: str, target: str) -> object:
    def mutate(repo: Path, outside: Path) -> None:
        path = repo / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("OUTSIDE", str(outside)))

    return mutate


def replace_by_fifo(*rels: str) -> object:
    def mutate(repo: Path, outside: Path) -> None:
        for rel in rels:
            (repo / rel).unlink(missing_ok=True)
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(repo / rel)

    return mutate


def loops_and_folders(repo: Path, outside: Path) -> None:
    (repo / "loop1.py").symlink_to(repo / "loop2.py")
    (repo / "loop2.py").symlink_to(repo / "loop1.py")
    (repo / "self.yaml").symlink_to("self.yaml")
    (repo / "pkg").mkdir()
    (repo / "pkg" / "mod.py").write_text("import mlflow\n")
    (repo / "pkg_link").symlink_to(repo / "pkg")
    (repo / "dangling.py").symlink_to(repo / "missing.py")
    (repo / "up.txt").symlink_to("../outside/secret.txt")
    (repo / "pkg" / "outside_dir").symlink_to(outside)  # a folder symlink, listed by git ls-files --others


def file_became_folder(repo: Path, outside: Path) -> None:
    (repo / "requirements.txt").unlink()
    (repo / "requirements.txt").mkdir()
    (repo / "requirements.txt" / "inner.txt").write_text("flask\n")


def nested_repository(repo: Path, outside: Path) -> None:
    sub = repo / "vendor_model"
    sub.mkdir()
    (sub / "train.py").write_text("import wandb\n")
    git(sub, "init", "-q", "-b", "main")
    git(sub, "add", "-A")
    git(sub, "commit", "-q", "-m", "sub")
    git(repo, "add", "vendor_model")  # a gitlink (160000): its files are not the repository's
    git(repo, "commit", "-q", "-m", "add a nested repository")


HOSTILE_NAMES = {
    "\x1b[2J\x1b[31mcleared.py": "import mlflow\nmlflow.log_metric('x', 1)\n",
    "<script>alert(1)</script>.py": "import mlflow\nmlflow.log_param('a', 1)\n",
    "](javascript:alert(1)).py": "import mlflow\nmlflow.start_run()\n",
    "@maintainers/track.py": "import mlflow\nmlflow.log_metric('v', 5)\n",
    "a|b|c.py": "import mlflow\nmlflow.log_metric('y', 2)\n",
    "new\nline.py": "import mlflow\nmlflow.log_metric('z', 3)\n",
    "\u202eyp.evil.py": "import mlflow\nmlflow.log_metric('w', 4)\n",
    "tests/\x07bell_test.py": "def test_x():\n    assert True\n",
}

CASES = [
    Case(
        "tracked file replaced by a symlink out",
        mutate=replace_by_symlink("requirements.txt", "OUTSIDE/requirements.txt"),
        expect=("requirements.txt: symlink to outside the repository",),
    ),
    Case(
        "tracked folder replaced by a symlink out",
        files={"src/train.py": "import mlflow\n"},
        mutate=replace_by_symlink("src", "OUTSIDE/src"),
        expect=("src/train.py: under src, a symlink",),
    ),
    Case(
        "symlinks to /etc/passwd",
        mutate=lambda r, o: [
            (r / "requirements-dev.txt").symlink_to("/etc/passwd"),
            replace_by_symlink("requirements.txt", "/etc/passwd")(r, o),
        ],
    ),
    Case(
        "tracked files replaced by FIFOs",
        mutate=replace_by_fifo("train.py", ".github/workflows/ci.yml"),
        expect=("train.py: a FIFO",),
    ),
    Case("untracked FIFOs", mutate=replace_by_fifo("pyproject.toml", "Dockerfile", "dvc.yaml")),
    Case(
        "symlinks to devices",
        mutate=lambda r, o: [
            replace_by_symlink("requirements.txt", "/dev/zero")(r, o),
            (r / "environment.yml").symlink_to("/dev/urandom"),
            (r / "Makefile").symlink_to("/dev/stdin"),
        ],
    ),
    Case(
        "symlink loops, folders, dangling and relative links out",
        mutate=loops_and_folders,
        expect=("loop1.py: symlink loop", "up.txt: symlink to outside"),
    ),
    Case("tracked file replaced by a folder", mutate=file_became_folder),
    Case("nested repository (gitlink)", mutate=nested_repository),
    Case(
        "binary, mis-encoded and UTF-16 files",
        files={
            "model.bin": bytes(range(256)) * 64,
            "latin1.py": "# caf\xe9\nimport mlflow\n".encode("latin-1"),
            "requirements-win.txt": "mlflow==2.0\n".encode("utf-16"),
            "bad.yaml": b"a: \xff\xfe\x00b\n",
            "nb.ipynb": b'{"cells": [{"cell_type": "code", "source": ["\xff import mlflow"]}]}',
        },
    ),
    Case(
        "a 30 MiB one-line file and a 3 MiB notebook",
        files={
            "data.py": "x = '" + "a" * (30 * 2**20) + "'\n",
            "big.ipynb": '{"cells": [{"cell_type": "code", "source": ["' + "b" * (3 * 2**20) + '"]}]}',
        },
    ),
    Case("hostile file names", files=HOSTILE_NAMES),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_listing_case(case: Case, tmp_path: Path) -> None:
    repo, _ = build(tmp_path, case)
    result = run(repo, tmp_path / "out", case.command, *case.args)
    check_safe(result, repo, case)


def test_hostile_names_are_escaped_in_every_format(tmp_path: Path) -> None:
    case = Case("names", files=HOSTILE_NAMES)
    repo, _ = build(tmp_path, case)
    result = run(repo, tmp_path / "out")
    check_safe(result, repo, case)
    html, md = result.outputs["html"], result.outputs["markdown"]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "\u202e" not in html + md + result.terminal  # no bidirectional override reorders the text
    assert "@maintainers" not in md and "@\u200bmaintainers" in md  # nobody is pinged from a PR comment
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no Markdown link: the bracket is escaped
    assert "\x07" not in md + html + result.terminal


def test_symlinked_folder_is_not_scanned(tmp_path: Path) -> None:
    """The wandb code outside (reached through a tracked folder replaced by a symlink) proves nothing."""
    case = Case(
        "folder", files={"src/train.py": "import os\n"}, mutate=replace_by_symlink("src", "OUTSIDE/src")
    )
    repo, _ = build(tmp_path, case)
    result = run(repo, tmp_path / "out")
    check_safe(result, repo, case)
    assert "wandb" not in result.outputs["json"]
    assert CANARY not in result.outputs["json"]
