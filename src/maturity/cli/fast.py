"""Answers that need no app: ``--version``, and a help screen shown before.

Loading the typer app (typer, rich, the command modules) costs many times Python's own start-up, and a
help screen is the same on every run for the same installation and terminal. The first time a help screen
is asked for (``maturity``, ``maturity --help``, ``maturity scan -h``...), the app renders it and its
output is kept in the user cache (:mod:`maturity._cache`), under a hash of everything the rendering
depends on: the arguments, maturity's version and the code of the command line, the versions of typer,
rich and Python, the terminal (size, whether output is a terminal, its encoding) and the environment
variables that change colours or width. Later runs print the kept output. ``MATURITY_NO_CACHE=1``
always renders.

Only the standard library is imported here, and not pathlib (os.path costs nothing to import).
"""
# ruff: noqa: PTH100, PTH113, PTH116, PTH118, PTH120, PTH123, PTH208

from __future__ import annotations

import os
import sys

from maturity import __version__

HELP = ("--help", "-h")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz-")
# environment variables rich, typer and click read to decide width, colours and symbols
_ENV_PREFIXES = (
    "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_", "COLUMNS", "LINES", "TERMINAL_WIDTH", "_TYPER",
    "TYPER", "GITHUB_ACTIONS", "PY_COLORS", "CLICOLOR", "JUPYTER", "LANG", "LC_", "PYTHONIOENCODING",
    "RICH", "VSCODE", "MATURITY",
)  # fmt: skip


def answer(args: list[str]) -> bool:
    """True when ``args`` were answered here (for help: this exits with the help's own status)."""
    if args in (["--version"], ["-V"]):
        print(f"maturity {__version__}")
        return True
    if not is_help(args) or os.environ.get("MATURITY_NO_CACHE"):
        return False
    from maturity._cache import cache_root

    file = os.path.join(cache_root(), f"help-{_key(args)}.out")
    try:
        with open(file, "rb") as fh:
            code, _, out = fh.read().partition(b"\n")
    except OSError:
        code = out = b""
    if code not in (b"0", b"2"):  # not kept yet (or not by us): rendered, and kept for next time
        _render_and_keep(file)
    _write(out)
    sys.exit(int(code))


def is_help(args: list[str]) -> bool:
    """``maturity``, or command names followed by ``--help``/``-h``."""
    if not args:
        return True
    *words, last = args
    return last in HELP and all(w and set(w) <= _WORD and not w.startswith("-") for w in words)


def _key(args: list[str]) -> str:
    import hashlib

    parts = [__version__, sys.version, "\0".join(args), _code_stamp(), _terminal()]
    parts += [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith(_ENV_PREFIXES)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _code_stamp() -> str:
    """Size and modification time of the command line's code, and of typer's, rich's and click's."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(here, f) for f in sorted(os.listdir(here)) if f.endswith(".py")]
    for package in ("typer", "rich", "click"):
        found = (os.path.join(p, package, "__init__.py") for p in sys.path if p)
        files.extend(f for f in found if os.path.isfile(f))
    stamps = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        stamps.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(stamps)


def _terminal() -> str:
    size = "none"
    for fd in (0, 1, 2):  # where rich looks for the terminal's size
        try:
            size = str(os.get_terminal_size(fd))
            break
        except (OSError, ValueError):
            continue
    encoding = getattr(sys.stdout, "encoding", None)
    return f"{size} tty={sys.stdout.isatty()} encoding={encoding}"


def _write(out: bytes) -> None:
    try:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    except OSError as exc:  # a closed pipe, a full disk: as the app says it
        from maturity.cli.application import _cannot_write

        _cannot_write(exc.strerror)


class _Tee:
    """Standard output that keeps a copy of what is written (everything else is the stream's own)."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        written = int(self.stream.write(text))  # type: ignore[attr-defined]
        self.kept.append(text)  # after the stream took it (click probes with bytes, which it refuses)
        return written

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _render_and_keep(file: str) -> None:
    """Run the app for the help screen, keep its output under ``file`` if it succeeded, exit as it did."""
    from pathlib import Path

    from maturity._cache import write_atomically
    from maturity.cli.application import main as app_main

    real = sys.stdout
    tee = _Tee(real)
    sys.stdout = tee
    code: int = 0
    try:
        app_main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout = real
    if code in (0, 2) and tee.kept:
        out = "".join(tee.kept).encode(real.encoding or "utf-8", real.errors or "strict")
        write_atomically(Path(file), f"{code}\n".encode() + out)
    sys.exit(code)
