"""Concurrent use and the files maturity writes: two ``assess`` sessions on one repository lose no answer,
files are written with the user's umask, Ctrl-C says "interrupted", and ``--logo`` is a bounded read."""

from __future__ import annotations

import io
import os
import re
import signal
import stat
import subprocess
import time
from pathlib import Path

import pexpect
import pytest
import yaml
from hostile_support import GIT_ENV, TIME_LIMIT, git, maturity_cmd, write

FIXTURE = Path(__file__).resolve().parents[1] / "answers" / "fixture"
MENU_END = "quit and save"  # the last line of every choice menu: the prompt waits for a key


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write(root, {"train.py": "import mlflow\n\nmlflow.log_param('lr', 0.1)\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


def spawn(repo: Path, who: str) -> pexpect.spawn:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MATURITY_DEBUG", "NO_COLOR")}
    env.update({"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull})
    env.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": who})
    exe, *rest = maturity_cmd()
    argv = [*rest, "assess", str(repo), "--frameworks-dir", str(FIXTURE), "--framework", "fixture"]
    child = pexpect.spawn(
        exe, argv, env=env, dimensions=(40, 250), encoding="utf-8", timeout=30, cwd=str(repo)
    )
    child.logfile_read = io.StringIO()
    return child


def ask(child: pexpect.spawn, question: str) -> None:  # type: ignore[type-arg]
    child.expect_exact(question)
    child.expect_exact(MENU_END)


def finish(child: pexpect.spawn) -> str:  # type: ignore[type-arg]
    child.expect(pexpect.EOF)
    child.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.logfile_read.getvalue())  # type: ignore[union-attr]
    assert child.exitstatus == 0, text[-2000:]
    return " ".join(text.split())


def answers(repo: Path) -> dict[str, tuple[object, str]]:
    data = yaml.safe_load((repo / ".maturity" / "answers.yaml").read_text(encoding="utf-8"))
    return {q: (a["value"], a["who"]) for q, a in data["answers"].items()}


def test_two_assess_sessions_lose_no_answer(repo: Path) -> None:
    """Ada and Bob answer at the same time: each save merges with what the other saved meanwhile, and a
    question both answered is shown to the one who answers last."""
    ada, bob = spawn(repo, "Ada"), spawn(repo, "Bob")
    for child in (ada, bob):
        child.expect_exact("The scan suggests")  # the confirm-all screen: leave the suggestions for later
        child.expect_exact(MENU_END)
        child.send("s")
        ask(child, "own each model in production?")
    ada.send("1")  # yes, then how many are on call: both saved
    ada.expect_exact("Answer (a number)")
    ada.sendline("3")
    ask(ada, "second person approve")
    bob.send("2")  # partly: Bob did not see Ada's answer; his replaces it, and he is told
    bob.expect_exact("another session")
    bob.expect_exact(MENU_END)  # his next question
    bob.send("q")
    ada.send("1")  # Ada's next save must keep Bob's answer
    if ada.expect([r"\d+ of \d+", pexpect.EOF]) == 0:
        ada.expect_exact(MENU_END)
        ada.send("q")
    finish(ada)
    out = finish(bob)
    assert "tq_owner: answered 'yes' by Ada" in out and "your answer 'partial' replaces it" in out
    assert answers(repo) == {
        "tq_owner": ("partial", "Bob"),
        "tq_team_size": (3.0, "Ada"),
        "tq_review": ("yes", "Ada"),
    }


def umask_run(mask: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", **GIT_ENV}
    env.pop("MATURITY_DEBUG", None)
    return subprocess.run(
        [*maturity_cmd(), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIME_LIMIT,
        preexec_fn=lambda: os.umask(mask),
        check=False,
    )


@pytest.mark.parametrize("mask", [0o022, 0o002])
def test_written_files_follow_the_umask(repo: Path, mask: int) -> None:
    given = umask_run(mask, "assess", ".", "--no-input", "--answer", "model_in_production=yes", cwd=repo)
    assert given.returncode == 0, given.stderr
    floor = umask_run(mask, "check", ".", "--update-baseline", cwd=repo)
    assert floor.returncode == 0, floor.stderr
    record = umask_run(mask, "scan", ".", "--record", "-F", "json", "-o", "-", cwd=repo)
    assert record.returncode == 0, record.stderr
    files = [
        repo / ".maturity" / "answers.yaml",
        repo / ".maturity" / "baseline.json",
        *(repo / ".maturity" / "history").glob("*.json"),
    ]
    assert len(files) == 3
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o666 & ~mask, file


def rendering(pid: int) -> bool:
    """The PDF libraries (pango) are loaded: the run is well past its imports."""
    try:
        return "pango" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:  # the process has ended
        return True


def test_ctrl_c_says_interrupted(repo: Path, tmp_path: Path) -> None:
    """SIGINT while the PDF is being rendered (its libraries are loaded late, so the run is under way)."""
    if not Path("/proc/self/maps").exists():
        pytest.skip("needs /proc to see where the run is")
    env = {**os.environ, "NO_COLOR": "1", **GIT_ENV}
    env.pop("MATURITY_DEBUG", None)
    proc = subprocess.Popen(
        [*maturity_cmd(), "report", str(repo), "-F", "pdf", "-o", str(tmp_path / "r.pdf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and not rendering(proc.pid):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIME_LIMIT)
    if proc.returncode == 0:
        pytest.skip("the report was finished before the signal arrived")
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "interrupted", err
    assert "Traceback" not in err and not (tmp_path / "r.pdf").exists()


def logo_fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "logo.png")
    return tmp_path / "logo.png"


def logo_huge(tmp_path: Path) -> Path:
    with (tmp_path / "logo.png").open("wb") as fh:  # 150 MB, sparse: no disk space used
        fh.truncate(150 * 10**6)
    return tmp_path / "logo.png"


def logo_zero(tmp_path: Path) -> Path:
    (tmp_path / "zero.png").symlink_to("/dev/zero")
    return tmp_path / "zero.png"


@pytest.mark.parametrize("make", [logo_fifo, logo_huge, logo_zero], ids=["fifo", "150 MB", "/dev/zero"])
def test_logo_is_a_bounded_read(repo: Path, tmp_path: Path, make: object) -> None:
    logo = make(tmp_path)  # type: ignore[operator]
    start = time.monotonic()
    out = umask_run(
        0o022,
        "report",
        str(repo),
        "-F",
        "html",
        "-o",
        str(tmp_path / "r.html"),
        "--logo",
        str(logo),
        cwd=tmp_path,
    )
    assert time.monotonic() - start < TIME_LIMIT
    assert out.returncode == 2, out.stderr
    assert "logo" in out.stderr and not (tmp_path / "r.html").exists()
