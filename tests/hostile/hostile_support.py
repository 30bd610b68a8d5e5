"""The hostile-input suite's tools: a real git repository next to an ``outside`` folder full of canaries,
the real CLI run on it in every output format, and the checks every case makes.

Every case asserts the same four things: an exit code of 0, 1 or 2 (never 3, an internal error), no
content from outside the repository in any output (JSON, Markdown, HTML, SARIF, JUnit, GitLab Code
Quality, the terminal), a time bound, and a committed answers file left byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CANARY = "canary0f5e"  # written only outside the repository: it must never show up in any output
PASSWD = "root:x:0:0"  # /etc/passwd's first line
TIME_LIMIT = 10.0  # seconds per run; a run that hangs is killed there and fails its case
FORMATS = {  # format -> output file name
    "json": "report.json",
    "markdown": "report.md",
    "html": "report.html",
    "sarif": "report.sarif",
    "junit": "report.xml",
    "gitlab-codequality": "codequality.json",
}
ANSWERS = """\
# committed by the team: every case checks it is left byte for byte as it was
schema_version: 1
answers:
  model_in_production:
    value: 'yes'
    note: the platform team owns the churn model
    who: Ada Lovelace
    when: '2026-01-15T10:00:00Z'
    question_version: 1
"""
BASE_FILES: dict[str, str | bytes] = {
    "train.py": "import mlflow\n\nmlflow.log_metric('auc', 0.9)\n",
    "requirements.txt": "mlflow==2.10.0\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: pytest -q\n",
    ".maturity/answers.yaml": ANSWERS,
}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# what lies outside the repository: each file would put CANARY in a report if it were read
OUTSIDE: dict[str, str] = {
    "secret.txt": f"{CANARY} the secret\n",
    "requirements.txt": f"{CANARY}>=1\n",
    "src/train.py": f"import wandb\n\nwandb.init(project='{CANARY}')\n",
    "pyproject.toml": f'[tool.maturity]\nskip = {{ {CANARY} = "{CANARY}" }}\n',
    ".maturity.yaml": f"skip: {{{CANARY}: {CANARY}}}\n",
    "answers.yaml": ANSWERS.replace("the platform team owns the churn model", CANARY),
    "x.json": f'{{"schema_version": "1", "note": "{CANARY}"}}\n',
    "frameworks/canary.yaml": f"id: {CANARY}\nname: {CANARY}\nscoring: levels\n",
}


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                         env={**os.environ, **GIT_ENV})  # fmt: skip
    return out.stdout


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


Mutate = Callable[[Path, Path], None]  # (repository, outside folder): what is done after the commit


@dataclass
class Case:
    """One hostile repository: files committed, then ``mutate`` (what git does not record)."""

    id: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    mutate: Mutate | None = None
    command: str = "scan"
    args: tuple[str, ...] = ()
    codes: tuple[int, ...] = (0, 1)  # the exit codes this case may end with
    expect: tuple[str, ...] = ()  # text the terminal output (stdout + stderr) must contain
    base: bool = True  # start from BASE_FILES
    answers_kept: bool = True  # the answers file is the committed, valid one


def build(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    """The repository (committed) and the outside folder, mutated as the case says."""
    outside = tmp_path / "outside"
    write(outside, dict(OUTSIDE))
    repo = tmp_path / "repo"
    repo.mkdir()
    write(repo, {**(BASE_FILES if case.base else {}), **case.files})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "initial")
    if case.mutate is not None:
        case.mutate(repo, outside)
    return repo, outside


def maturity_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("maturity")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "maturity"]


@dataclass
class Run:
    code: int
    seconds: float
    terminal: str  # stdout + stderr
    outputs: dict[str, str]  # format -> file content (formats the run wrote)


def run(repo: Path, out: Path, command: str = "scan", *args: str, formats: bool = True) -> Run:
    """The real CLI on ``repo``: with ``formats``, every format to a file in ``out`` and the terminal
    table on stdout (``--verbose``: the skipped files too)."""
    argv = [*maturity_cmd(), command, str(repo), *args]
    if formats:
        out.mkdir(parents=True, exist_ok=True)
        argv += [x for f in FORMATS for x in ("-F", f)] + ["-F", "table"]
        argv += [x for name in FORMATS.values() for x in ("-o", str(out / name))]
        argv += ["--verbose"] if command == "scan" else []
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb", **GIT_ENV}
    env.pop("MATURITY_DEBUG", None)
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=repo.parent,
                              timeout=TIME_LIMIT, stdin=subprocess.DEVNULL, errors="replace")  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"`maturity {command}` ran longer than {TIME_LIMIT} s: {exc}") from None
    seconds = time.monotonic() - start
    written = {f: (out / name).read_text(encoding="utf-8", errors="replace")
               for f, name in FORMATS.items() if (out / name).is_file()}  # fmt: skip
    return Run(proc.returncode, seconds, proc.stdout + proc.stderr, written)


def check_safe(result: Run, repo: Path, case: Case) -> None:
    """The four promises every case keeps."""
    assert result.code in case.codes, (
        f"exit {result.code} (expected {case.codes}):\n{result.terminal[-3000:]}"
    )
    assert result.code != 3 and "internal error" not in result.terminal, result.terminal[-3000:]
    assert "Traceback" not in result.terminal, result.terminal[-3000:]
    assert result.seconds < TIME_LIMIT
    for name, text in {"terminal": result.terminal, **result.outputs}.items():
        assert CANARY not in text.lower(), f"content from outside the repository in the {name} output"
        assert PASSWD not in text, f"/etc/passwd in the {name} output"
        assert "\x1b" not in text, f"an escape character in the {name} output"
    if case.answers_kept:
        assert (repo / ".maturity" / "answers.yaml").read_bytes() == ANSWERS.encode(), "answers file changed"
    for text in case.expect:
        assert text in " ".join(result.terminal.split()), f"{text!r} not in:\n{result.terminal[-3000:]}"
    if result.code == 0 and case.command == "scan":
        assert set(result.outputs) == set(FORMATS), "a format was not written"
    if "json" in result.outputs:  # no detector crashed (a crash turns its practices unknown)
        assert json.loads(result.outputs["json"])["errors"] == []


def snapshot(folder: Path, skip: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` (but ``skip`` and the run's ``out``) with its bytes."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_relative_to(skip) or path.is_relative_to(folder / "out") or path.is_symlink():
            continue
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
        elif path.is_dir():
            out[path.relative_to(folder).as_posix() + "/"] = b""
    return out
