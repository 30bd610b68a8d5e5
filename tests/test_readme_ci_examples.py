"""Every example of the README's CI section works: the config blocks load and name real frameworks,
practices and criteria; the command lines run; `maturity init` prints the README's snippets and a
starter whose minimums are today's estimates; the pinned release refs are in step with the version.

(The GitHub, GitLab and pre-commit blocks are run by tests/e2e/test_ci_setups.py.)
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from maturity.cli.init_cmd import SNIPPETS
from maturity.config import Settings, load_settings
from maturity.frameworks.registry import load_library

ROOT = Path(__file__).resolve().parents[1]
CI_DOC = (ROOT / "docs" / "readme" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```([a-z]*)\n(.*?)```", CI_DOC, re.S)
FW_DIR = ROOT / "tests" / "gate" / "frameworks"
Cli = Callable[..., subprocess.CompletedProcess[str]]


def assert_real(settings: Settings) -> None:
    library = load_library()
    for fid in settings.gate.min:
        library.framework(fid)  # raises on an unknown id
    assert set(settings.gate.require) <= set(library.practices), settings.gate.require
    for waiver in settings.gate.waivers:
        fid, _, cid = waiver.criterion.partition(":")
        assert cid in {c.id for c in library.framework(fid).criteria()}, waiver.criterion


@pytest.mark.parametrize(
    ("first", "name"), [("[tool.maturity.gate]", "pyproject.toml"), ("# .maturity.yaml", ".maturity.yaml")]
)
def test_config_examples_load_and_name_real_things(tmp_path: Path, first: str, name: str) -> None:
    (text,) = [body for _, body in BLOCKS if body.startswith(first)]
    (tmp_path / name).write_text(text)
    settings = load_settings(tmp_path)
    assert settings.gate.min and settings.gate.waivers
    assert_real(settings)


def test_init_prints_the_readme_snippets() -> None:
    for kind, snippet in SNIPPETS.items():
        assert snippet in CI_DOC, f"`maturity init`'s {kind} snippet is not the README's"


def test_release_refs_are_in_step_with_the_version() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release.py"), "check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_release_tags_the_version_and_moves_the_major(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import release

    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from ci_harness import release_copy

    clone = release_copy(tmp_path / "clone")  # this work tree, committed, untagged
    subprocess.run(
        ["git", "-C", str(clone), "tag", "-d", *release_tags(clone)], check=True, capture_output=True
    )
    tags = release.tag(clone)
    assert tags == [f"v{release.version(clone)}", f"v{release.version(clone).split('.')[0]}"]
    listed = subprocess.run(["git", "-C", str(clone), "tag", "--points-at", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.split()  # fmt: skip
    assert sorted(listed) == sorted(tags)


def commands() -> list[list[str]]:
    """The `maturity check`/`badge` command lines of the section (console blocks and CI scripts)."""
    lines = re.findall(r"^(?:\$|  -) (maturity (?:check|badge) [^#\n]*)", CI_DOC, re.M)
    return [shlex.split(line) for line in lines]


@pytest.mark.parametrize("argv", commands(), ids=lambda argv: " ".join(argv))
def test_command_examples_run(argv: list[str], cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"README.md": "# demo\n", "pyproject.toml": "[project]\nname = 'demo'\n"})
    r = cli(*argv[1:], cwd=repo, env={"CI": "", "GITHUB_ACTIONS": ""})
    assert r.returncode in (0, 1), r.stdout + r.stderr  # 2 would be a wrong example
    if argv[1] == "check":
        assert r.stdout.startswith("maturity check: FAILED"), r.stdout
        assert "✗ google: level 0" in r.stdout
    for i, arg in enumerate(argv):
        if arg in ("-o", "--output"):
            assert (repo / argv[i + 1]).is_file()


def test_init_proposes_todays_estimate_so_the_gate_can_fail(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"pyproject.toml": "[project]\nname = 'x'\n"})
    env = {"CI": "", "MATURITY_FRAMEWORKS_PATH": str(FW_DIR), "MATURITY_FRAMEWORKS": "tiny,google"}
    r = cli("init", str(repo), env=env)
    assert r.returncode == 0, r.stderr
    assert "minimums at today's estimates: tiny 1" in r.stdout
    text = (repo / "pyproject.toml").read_text()
    assert "min = { tiny = 1 }" in text and "# google: 0 today; a minimum of 0 could never fail" in text
    assert cli("check", str(repo), env=env).returncode == 0
    shutil.rmtree(repo / ".git")  # the repository slides back: no version control
    r = cli("check", str(repo), env=env)
    assert r.returncode == 1 and "✗ tiny: level 0" in r.stdout, r.stdout + r.stderr


def release_tags(repo: Path) -> list[str]:
    out = subprocess.run(["git", "-C", str(repo), "tag"], capture_output=True, text=True, check=True)
    return out.stdout.split()
