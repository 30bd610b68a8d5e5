"""Text from a repository cannot drive the reader's terminal, inject markup, or ping people: answer
notes, config reasons, waiver reasons, commit messages and file names, in every format and in a real
terminal."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pexpect
from hostile_support import ANSWERS, Case, build, check_safe, git, maturity_cmd, run

CLEAR = "\x1b[2J"  # clears the screen
TITLE = "\x1b]0;pwned\x07"  # sets the window title
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # a hyperlink the text does not show
HOSTILE = CLEAR + TITLE + LINK + "\u202e @security-team [bold]markup[/bold] <img src=x onerror=alert(1)>"
# YAML double-quoted escapes put the raw characters into the parsed value
QUOTED = (
    HOSTILE.replace("\\", "\\\\").replace("\x1b", "\\e").replace("\x07", "\\a").replace("\u202e", "\\u202e")
)
NOTE_ANSWERS = ANSWERS.replace("note: the platform team owns the churn model", f'note: "{QUOTED}"')
CONFIG = f"""\
skip:
  monitoring: "{QUOTED}"
gate:
  min: {{google: 2}}
  waivers:
    - criterion: google:L1.orchestrated_pipeline
      reason: "{QUOTED}"
"""
SEQUENCES = (CLEAR, "\x1b]0;", "\x1b]8;", "\u202e", "\x07")


def injected(repo: Path, outside: Path) -> None:
    (repo / ".maturity" / "answers.yaml").write_text(NOTE_ANSWERS, encoding="utf-8")
    (repo / ".maturity.yaml").write_text(CONFIG, encoding="utf-8")
    (repo / CLEAR / "@org").mkdir(parents=True)
    (repo / CLEAR / "@org" / "team.py").write_text("import mlflow\nmlflow.log_metric('a', 1)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{HOSTILE}\n\n{HOSTILE}")


def test_repository_text_in_every_file_format(tmp_path: Path) -> None:
    case = Case("injection", mutate=injected, answers_kept=False)
    repo, _ = build(tmp_path, case)
    for command in ("scan", "check"):
        result = run(repo, tmp_path / command, command)
        check_safe(result, repo, case)  # no escape character anywhere, no content from outside
        md, html = result.outputs["markdown"], result.outputs["html"]
        for text in (md, html, result.terminal, result.outputs["sarif"], result.outputs["junit"]):
            assert not any(s in text for s in SEQUENCES)
        assert "@security-team" not in md and "@org/team" not in md  # a PR comment pings nobody
        assert "@\u200bsecurity-team" in md  # the note is still there, readable
        assert "<img src=x" not in html and "&lt;img src=x" in html
        assert not re.search(r"(?<!\\)<img", md)  # Markdown shows it literally (backslash-escaped)
        assert "[bold]markup[/bold]" in result.terminal  # shown as written, not read as rich markup
    assert (
        "\u200b" not in (repo / ".maturity" / "answers.yaml").read_text()
    )  # the file keeps what was written


def test_repository_text_in_a_real_terminal(tmp_path: Path) -> None:
    """In a terminal rich colours its own output; the repository's escape sequences never reach it."""
    repo, _ = build(tmp_path, Case("tty", mutate=injected, answers_kept=False))
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "MATURITY_DEBUG")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "160", "FORCE_COLOR": "1"})
    for args in (["scan", str(repo), "--verbose"], ["check", str(repo)], ["answers", "show", str(repo)],
                 ["config", "show", str(repo)], ["roadmap", str(repo)]):  # fmt: skip
        exe, *rest = maturity_cmd()
        child = pexpect.spawn(
            exe, [*rest, *args], env=env, encoding="utf-8", timeout=10, dimensions=(50, 160)
        )
        text = child.read()
        child.close()
        assert child.exitstatus in (0, 1), (args, text[-2000:])
        assert "\x1b[" in text or args[0] == "config", "rich did not colour: this is not a terminal test"
        for seq in SEQUENCES:
            assert seq not in text, (args, seq)
        assert not re.search(r"\x1b\[[0-9;]*[A-HJKSTfsu]", text), args  # no cursor movement or clearing
