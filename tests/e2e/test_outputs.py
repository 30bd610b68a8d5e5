"""`-o` writes where it is told and nothing else: through to devices and FIFOs, atomically over regular
files, never over a folder; every failure is one line and exit 2. `-o` alone takes the format from the
extension. The writer is also tested in-process (faster) for what needs no CLI.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from maturity.errors import OutputError
from maturity.render import write_data

Cli = Callable[..., subprocess.CompletedProcess[str]]
MATURITY = [str(Path(sys.executable).with_name("maturity"))]
FW_DIR = Path(__file__).parents[1] / "gate" / "frameworks"
TINY = ["--frameworks-dir", str(FW_DIR), "-f", "tiny"]


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo({"README.md": "# demo\n"})


def one_error_line(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "internal error" not in r.stderr, r.stderr
    return lines[0]


def test_dev_null_stays_a_device(cli: Cli, repo: Path) -> None:
    r = cli("check", str(repo), *TINY, "--min", "tiny=1", "-F", "sarif", "-o", "/dev/null", env={"CI": ""})
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_stdout_is_written_through(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "captured.json"
    with out.open("w") as fh:  # standard output is a regular file here: still written through, not replaced
        argv = [*MATURITY, "scan", str(repo), *TINY, "-F", "json", "-o", "/dev/stdout"]
        r = subprocess.run(argv, stdout=fh, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["schema_version"] == "1"


def test_device_fifo_symlink_and_regular_file_in_process(tmp_path: Path) -> None:
    write_data(Path("/dev/null"), b"x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_data(fifo, b"through the pipe\n")
    reader.join(10)
    assert got == [b"through the pipe\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    target, link = tmp_path / "target.json", tmp_path / "link.json"
    link.symlink_to(target.name)
    write_data(link, b"{}\n")
    assert link.is_symlink() and target.read_bytes() == b"{}\n"  # followed, not replaced
    target.chmod(0o640)
    write_data(link, b"[]\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_bytes() == b"[]\n"
    new = tmp_path / "a" / "b" / "new.txt"
    write_data(new, b"n")
    assert new.read_bytes() == b"n" and sorted(p.name for p in new.parent.iterdir()) == ["new.txt"]


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("/dev/full", "cannot write: No space left on device"),
        ("{tmp}/file.txt/x.json", "cannot create its folder: {tmp}/file.txt is not a folder"),
        ("{tmp}", "is a folder; give a file name"),
        ("{tmp}/loop.json", "cannot write:"),
    ],
)
def test_write_failures_are_output_errors(tmp_path: Path, dest: str, message: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "loop.json").symlink_to("loop.json")
    with pytest.raises(OutputError) as info:
        write_data(Path(dest.format(tmp=tmp_path)), b"data")
    assert message.format(tmp=tmp_path) in str(info.value) and info.value.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_permission_denied_is_one_line(cli: Cli, repo: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    r = cli("scan", str(repo), "-o", str(locked / "x.json"))
    assert "Permission denied" in one_error_line(r)


def test_cli_write_failures_are_one_line_exit_2(cli: Cli, repo: Path, tmp_path: Path) -> None:
    assert "No space left on device" in one_error_line(
        cli("scan", str(repo), "-F", "json", "-o", "/dev/full")
    )
    (tmp_path / "plain").write_text("x")
    line = one_error_line(cli("scan", str(repo), "-o", str(tmp_path / "plain" / "out.json")))
    assert "is not a folder" in line
    assert "is a folder" in one_error_line(cli("scan", str(repo), "-F", "json", "-o", str(tmp_path)))


def test_stdout_closed_and_full_are_one_line_exit_2(repo: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    with open("/dev/full", "wb") as full:
        r = subprocess.run([*MATURITY, "scan", str(repo), "-F", "json"], stdout=full,
                           stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert r.returncode == 2 and r.stderr.strip() == "error: cannot write the output: No space left on device"
    proc = subprocess.Popen([*MATURITY, "scan", str(repo), "-F", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is written
    err = proc.stderr.read()
    assert proc.wait(60) == 2 and err.strip() == "error: cannot write the output: Broken pipe", err


def test_output_format_from_the_extension(cli: Cli, repo: Path, tmp_path: Path) -> None:
    out = {ext: tmp_path / f"r.{ext}" for ext in ("json", "sarif", "xml", "md")}
    args = [a for f in out.values() for a in ("-o", str(f))]
    r = cli("check", str(repo), *TINY, "--min", "tiny=1", *args, env={"CI": ""})
    assert r.returncode == 0, r.stderr
    assert json.loads(out["json"].read_text())["gate"]["passed"] is True
    assert json.loads(out["sarif"].read_text())["version"] == "2.1.0"
    assert out["xml"].read_text().startswith("<?xml") and "<testsuites" in out["xml"].read_text()
    assert out["md"].read_text().startswith("**maturity check: PASSED**")
    line = one_error_line(cli("scan", str(repo), "-o", str(tmp_path / "r.out")))
    assert "cannot tell the format of" in line and ".sarif" in line
    assert not (tmp_path / "r.out").exists()
    r = cli("report", str(repo), "-o", str(tmp_path / "r.sarif"))  # report writes people's formats only
    assert "cannot tell the format" in one_error_line(r)
    r = cli("scan", str(repo), "-o", "-")
    assert "-o - needs a --format" in one_error_line(r)
