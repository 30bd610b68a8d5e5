"""A git failure is said, with the fix: never read as "not a git work tree" nor a regression."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]
FW_DIR = Path(__file__).parent / "frameworks"
TINY = ["--frameworks-dir", str(FW_DIR), "-f", "tiny"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the checkout to another user")
def test_dubious_ownership_is_exit_2_with_the_fix_never_a_regression(
    cli: Cli, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo({"README.md": "# demo\n"})
    floor = tmp_path / "baseline.json"
    assert cli("check", str(repo), *TINY, "--baseline", str(floor), "--update-baseline").returncode == 0
    for path in (repo, *repo.rglob("*")):
        os.lchown(path, 65534, 65534)  # the CI user is not the checkout's owner
    r = cli("check", str(repo), *TINY, "--baseline", str(floor), env={"CI": ""})
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"git refused {repo}: detected dubious ownership" in r.stderr
    assert f"git config --global --add safe.directory {repo}" in r.stderr
    assert "regression" not in r.stdout + r.stderr
    config = tmp_path / "gitconfig"
    config.write_text(f"[safe]\n\tdirectory = {repo}\n")
    r = cli(
        "check", str(repo), *TINY, "--baseline", str(floor), env={"CI": "", "GIT_CONFIG_GLOBAL": str(config)}
    )
    assert r.returncode == 0 and "✓ no regression against the baseline" in r.stdout, r.stdout + r.stderr


def test_git_failing_otherwise_says_what_git_said(
    cli: Cli, make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo({"README.md": "# demo\n"})
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(
        "#!/bin/sh\necho 'fatal: unable to read index: Input/output error' >&2\nexit 128\n"
    )
    (fake / "git").chmod(0o755)
    r = cli("check", str(repo), *TINY, env={"CI": "", "PATH": f"{fake}:{os.environ['PATH']}"})
    assert r.returncode == 2
    assert f"error: git refused {repo}: unable to read index: Input/output error" in r.stderr


def test_git_missing_in_a_git_checkout_is_exit_2(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"README.md": "# demo\n"})
    bin_dir = str(Path(sys.executable).parent)
    assert shutil.which("git", path=bin_dir) is None
    r = cli("check", str(repo), *TINY, env={"CI": "", "PATH": bin_dir})
    assert r.returncode == 2 and "is a git repository but git cannot run" in r.stderr, r.stderr
    plain = make_repo({"README.md": "# demo\n"}, git_init=False)
    assert cli("scan", str(plain), *TINY, env={"PATH": bin_dir}).returncode == 0  # no .git: a plain folder
