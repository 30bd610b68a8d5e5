"""`maturity scan` and `maturity roadmap` as a person sees them in an 80-column terminal: gold files.

The fixture project is built with real git in a temporary folder; the version, the commit and the
folder are scrubbed. On a mismatch the actual output is saved to tests/actual/; a change of the
scanners or the frameworks changes these on purpose: compare, then rerun with MATURITY_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from terminal_fixture import PROJECT

GOLDEN = Path(__file__).resolve().parents[1] / "render" / "golden"
ACTUAL = Path(__file__).resolve().parents[1] / "actual"


def scrub(text: str, repo: Path) -> str:
    text = text.replace(str(repo), "REPO")
    text = re.sub(r"maturity \d+\.\d+\.\d+\S*", "maturity X.Y.Z", text)
    return re.sub(r"\b[0-9a-f]{8,40}\b", "COMMIT", text)


def run(cli, repo: Path, *args: str, columns: int = 80) -> str:  # type: ignore[no-untyped-def]
    """The command run in the project folder, as `maturity scan .` (the header shows '.')."""
    result = cli(*args, ".", cwd=repo, env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


@pytest.fixture
def project(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo(PROJECT, name="churn-model")


@pytest.mark.parametrize("command", ["scan", "roadmap"])
def test_80_columns(cli, project: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    out = scrub(run(cli, project, command), project)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)  # no padding to the terminal's width
    gold = GOLDEN / f"{command}-80.txt"
    if os.environ.get("MATURITY_UPDATE_GOLDEN"):
        gold.write_text(out, encoding="utf-8")
    if out != (gold.read_text(encoding="utf-8") if gold.exists() else ""):
        ACTUAL.mkdir(exist_ok=True)
        (ACTUAL / gold.name).write_text(out, encoding="utf-8")
        pytest.fail(f"{gold.name} differs; see tests/actual/{gold.name} (MATURITY_UPDATE_GOLDEN=1 rewrites)")


def test_wrapped_lines_keep_their_indent(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    """Every line of a step (its effects, its action) starts under the step's title, never at column 0."""
    out = run(cli, project, "roadmap")
    lines = out[out.index("\nNow ") :].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(" 1. "))
    steps = lines[first : first + next(i for i, line in enumerate(lines[first:]) if not line.strip())]
    assert len(steps) > 3
    assert all(line.startswith("    ") for line in steps if not re.match(r"^ +\d+\. ", line))
    heading = lines[1:first]  # the title's note wraps under the note
    assert all(line.startswith(" " * len("Now ")) for line in heading[1:])


def test_200_columns_use_the_width(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    narrow, wide = run(cli, project, "scan"), run(cli, project, "scan", columns=200)
    assert len(wide.splitlines()) < len(narrow.splitlines())
    assert max(len(line.rstrip()) for line in wide.splitlines()) <= 200
