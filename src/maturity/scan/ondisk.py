"""What is on disk, not what git recorded: which listed paths are regular files inside the repository,
and reading one without following it anywhere else.

``git ls-files`` says what git recorded; a work tree can differ (a tracked file replaced by a symlink,
a FIFO or a folder; a tracked folder replaced by a symlink). :func:`existing` checks the listing with
``lstat``; :func:`read_in_repo` checks again on the opened file. Used only by
:class:`maturity.scan.repo.RepoView`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from maturity._files import NotRegular, fd_path, kind_of, open_regular, read_fd
from maturity.scan.models import SkippedFile


def existing(
    top: Path, files: list[str], skipped: list[SkippedFile], regular: set[str] | None = None
) -> list[str]:
    """What is on disk: drop deleted files; drop (and record) anything that is not a regular file or a
    symlink to one inside ``top``, and anything reached through a symlinked folder.

    ``regular`` files (tracked as regular files by git, unchanged on disk) are kept without a system call.
    """
    out: list[str] = []
    base = str(top)
    trusted = regular or set()
    folders: dict[str, str | None] = {}  # folder -> why files under it are not read (None: a real folder)
    for rel in files:
        if rel in trusted:
            out.append(rel)
            continue
        slash = rel.rfind("/")
        beyond = _folder_problem(base, rel[:slash], folders) if slash > 0 else None
        if beyond == _GONE:
            continue  # a tracked folder deleted from the work tree
        if beyond is not None:
            skipped.append(SkippedFile(path=rel, reason=beyond))
            continue
        try:
            st = os.lstat(f"{base}/{rel}")
        except OSError:
            continue  # tracked but deleted from the work tree
        if stat.S_ISREG(st.st_mode):
            out.append(rel)
            continue
        if not stat.S_ISLNK(st.st_mode):
            kind = "a submodule or folder" if stat.S_ISDIR(st.st_mode) else kind_of(st.st_mode)
            skipped.append(SkippedFile(path=rel, reason=f"{kind} (not scanned)"))
            continue
        reason = _symlink_problem(top, top / rel)
        if reason:
            skipped.append(SkippedFile(path=rel, reason=reason))
        else:
            out.append(rel)
    return out


_GONE = ""


def _folder_problem(base: str, folder: str, seen: dict[str, str | None]) -> str | None:
    """Why files under ``folder`` are not scanned: one of its folders is a symlink or not a folder
    (:data:`_GONE` when it was deleted). Each folder is looked at once (``seen``), outermost first."""
    parts = folder.split("/")
    problem: str | None = None
    for i in range(1, len(parts) + 1):
        prefix = "/".join(parts[:i])
        if prefix not in seen:
            seen[prefix] = problem if problem is not None else _lstat_folder(base, prefix)
        problem = seen[prefix]
    return problem


def _lstat_folder(base: str, folder: str) -> str | None:
    try:
        st = os.lstat(f"{base}/{folder}")
    except OSError:
        return _GONE
    if stat.S_ISLNK(st.st_mode):
        return f"under {folder}, a symlink (not followed)"
    if not stat.S_ISDIR(st.st_mode):
        return f"under {folder}, which is not a folder"
    return None


def _symlink_problem(top: Path, full: Path) -> str | None:
    try:
        target = full.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except OSError as exc:
        return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
    if not target.is_relative_to(top):
        return "symlink to outside the repository (not followed)"
    if not target.is_file():
        return "symlink to a folder (not followed)"
    return None


class Refused(Exception):
    """A listed path that is not read: why, in the words of ``--verbose``."""


def read_in_repo(top: str, rel: str, cap: int) -> bytes:
    """Up to ``cap + 1`` bytes of the regular file ``rel`` under ``top``, checked on the open file.

    The listing already looked, but the work tree can change under a scan: the file is opened without
    following a final symlink (a symlink is followed only when it stays in ``top``) and without blocking
    (a FIFO is refused, not waited on), must be a regular file, and where the system can say
    (``/proc/self/fd``), the file actually opened must lie under ``top``.
    """
    full = f"{top}/{rel}"
    try:
        fd, _ = open_regular(full, follow=False)
    except NotRegular as exc:
        raise Refused(f"{exc.kind} (not read)") from None
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.EMLINK):
            raise
        problem = _symlink_problem(Path(top), Path(full))
        if problem is not None:
            raise Refused(problem) from None
        try:
            fd, _ = open_regular(full)
        except NotRegular as err:
            raise Refused(f"symlink to {err.kind} (not read)") from None
    try:
        real = fd_path(fd)
        if real is not None and not (real == top or real.startswith(top.rstrip("/") + "/")):
            raise Refused("resolves outside the repository (not read)")
        return read_fd(fd, cap + 1)
    finally:
        os.close(fd)
