"""Shared fixtures: real git repositories in temporary folders, and the CLI run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return out.stdout


def build_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


MakeRepo = Callable[..., Path]


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user cache (parsed frameworks, help screens) in a temporary folder for the whole run: tests
    never read or write the cache of the person running them, and still share one between them."""
    before = os.environ.get("XDG_CACHE_HOME")
    folder = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Build a fixture repository: ``make_repo({"path": "content"}, git=True, commit=True)``."""
    counter = {"n": 0}

    def make(
        files: dict[str, str | bytes],
        *,
        git_init: bool = True,
        commit: bool = True,
        name: str | None = None,
    ) -> Path:
        counter["n"] += 1
        root = tmp_path / (name or f"repo{counter['n']}")
        root.mkdir(parents=True)
        build_tree(root, files)
        if git_init:
            git(root, "init", "-q", "-b", "main")
            if commit:
                git(root, "add", "-A")
                git(root, "commit", "-q", "--allow-empty", "-m", "initial")
        return root

    return make


def maturity_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("maturity")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "maturity"]


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``maturity`` console script in a subprocess, as a user does."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
        full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb", **(env or {})}
        full_env.pop("MATURITY_DEBUG", None)
        return subprocess.run(
            [*maturity_cmd(), *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            input=input if input is not None else "",
            timeout=120,
        )

    return run


def require_tool(name: str) -> str:
    """Path of an external tool; skip outside CI when missing, fail in CI (the Makefile installs it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (make test installs it: Debian package)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path
