"""Start-up: ``--version`` and help screens without loading the app; help kept in the user cache.

Each test points ``XDG_CACHE_HOME`` at its own temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# runs maturity's console entry point and reports, on standard error, which heavy modules it imported
PROBE = (
    "import sys\n"
    "from maturity.cli import main\n"
    "sys.argv = ['maturity', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    heavy = ('typer', 'rich', 'pydantic', 'yaml', 'maturity.cli.application')\n"
    "    print('imported:', ','.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
)


def run(args: list[str], cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100", "NO_COLOR": "1", **env}
    if "MATURITY_NO_CACHE" not in env:
        full.pop("MATURITY_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=full)


def imported(r: subprocess.CompletedProcess[str]) -> str:
    return r.stderr.strip().splitlines()[-1].removeprefix("imported:").strip()


def test_version_loads_nothing(tmp_path: Path) -> None:
    r = run(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("maturity ")
    assert imported(r) == ""
    assert not (tmp_path / "maturity").exists()


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["scan", "--help"], ["frameworks", "show", "-h"], []])
def test_a_help_screen_is_rendered_once_then_printed_from_the_cache(tmp_path: Path, args: list[str]) -> None:
    first = run(args, tmp_path)
    assert "typer" in imported(first)
    kept = list((tmp_path / "maturity").glob("help-*.out"))
    assert len(kept) == 1
    second = run(args, tmp_path)
    assert imported(second) == ""  # neither typer, rich nor the app
    assert (second.stdout, second.returncode) == (first.stdout, first.returncode)
    assert second.returncode == (2 if not args else 0)  # no arguments: the help, as a usage error
    assert "Usage: maturity" in second.stdout
    fresh = run(args, tmp_path / "other", MATURITY_NO_CACHE="1")
    assert fresh.stdout == second.stdout
    assert not (tmp_path / "other").exists()  # MATURITY_NO_CACHE: nothing kept


def test_the_help_follows_the_terminal(tmp_path: Path) -> None:
    wide, narrow = run(["--help"], tmp_path, COLUMNS="120"), run(["--help"], tmp_path, COLUMNS="60")
    assert wide.stdout != narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    again = run(["--help"], tmp_path, COLUMNS="60")
    assert imported(again) == "" and again.stdout == narrow.stdout
    assert len(list((tmp_path / "maturity").glob("help-*.out"))) == 2


def test_a_damaged_entry_is_rendered_again(tmp_path: Path) -> None:
    good = run(["--help"], tmp_path)
    (entry,) = (tmp_path / "maturity").glob("help-*.out")
    entry.write_bytes(b"garbage")
    again = run(["--help"], tmp_path)
    assert "typer" in imported(again)
    assert (again.stdout, again.returncode) == (good.stdout, 0)
    assert entry.read_bytes().startswith(b"0\n")


def test_errors_are_not_kept(tmp_path: Path) -> None:
    r = run(["no-such-command", "--help"], tmp_path)
    assert r.returncode == 2 and "No such command" in r.stderr
    assert not list((tmp_path / "maturity").glob("help-*.out"))


def test_an_unwritable_cache_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = run(["--help"], blocker)
    assert r.returncode == 0 and "Usage: maturity" in r.stdout
