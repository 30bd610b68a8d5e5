"""Reading and writing the tool's own files safely: only regular files, never more than a cap, never
blocking on a FIFO, and atomic writes that respect the user's umask.

Every file maturity reads besides the scanned repository's (answers, baseline, config, framework and
questionnaire files, ``--logo``, result JSON) goes through :func:`read_bytes`; every file it writes
for the user to keep (answers, baseline, history records) goes through :func:`atomic_write`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from maturity.errors import UserError

KiB = 1024
MiB = 1024 * KiB

# caps on what the tool reads (a 1 MiB framework file is fifty times the largest shipped one)
CONFIG_CAP = 1 * MiB
ANSWERS_CAP = 1 * MiB
BASELINE_CAP = 1 * MiB
FRAMEWORK_CAP = 1 * MiB
LOGO_CAP = 2 * MiB
RESULT_CAP = 64 * MiB


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder: never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symlink"
    return "not a regular file"


def open_regular(path: str, *, follow: bool = True) -> tuple[int, os.stat_result]:
    """A read-only descriptor of a regular file. Opening never blocks (O_NONBLOCK: a FIFO is refused,
    not waited on); with ``follow=False`` a final symlink fails with ELOOP. Raises :class:`NotRegular`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegular(kind_of(st.st_mode))
    return fd, st


def read_fd(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes (fewer at the end of the file)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, MiB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def fd_path(fd: int) -> str | None:
    """The real path of an open file (Linux: /proc/self/fd), or None where the system cannot say."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")  # noqa: PTH115 - once per file read: os, not pathlib
    except OSError:
        return None


def size_text(n: int) -> str:
    return f"{n // MiB} MiB" if n >= MiB else f"{n // KiB} KiB"


def read_bytes(file: Path, cap: int, error: type[UserError], what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes; anything else raises ``error`` naming it."""
    try:
        fd, st = open_regular(str(file))
    except NotRegular as exc:
        raise error(f"the {what} must be a regular file, not {exc.kind}", file=file) from None
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", file=file) from None
    try:
        data = read_fd(fd, cap + 1) if st.st_size <= cap else b""
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", file=file) from None
    finally:
        os.close(fd)
    if st.st_size > cap or len(data) > cap:
        raise error(f"the {what} is larger than {size_text(cap)}: not read", file=file)
    return data


def read_text(file: Path, cap: int, error: type[UserError], what: str = "file") -> str:
    data = read_bytes(file, cap, error, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason})", file=file) from None


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(file: Path, text: str) -> None:
    """Write ``text`` to a temporary file in the same folder, fsync, rename it over ``file``.

    The file gets the mode any new file gets (0666 less the umask), or keeps the mode it had.
    """
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
    except OSError:
        mode = 0o666 & ~current_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def inside(path: Path, root: Path) -> bool:
    """``path`` (symlinks resolved) is ``root`` or under it."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False
