"""Renderers: pure functions of a finished :class:`~maturity.report.Report`.

``Format`` names every output; ``RENDERERS`` maps each to ``module:function`` (imported only when
used, so ``maturity --help`` never loads weasyprint or jinja2). ``write_data()`` is the one file writer
of every command (``-o``): it writes through to devices and FIFOs and replaces regular files atomically.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from maturity.report import Report


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    sarif = "sarif"
    junit = "junit"
    gitlab_codequality = "gitlab-codequality"


RENDERERS: dict[Format, str] = {
    Format.table: "maturity.render.terminal:render_text",
    Format.json: "maturity.render.json:render",
    Format.markdown: "maturity.render.markdown:render",
    Format.html: "maturity.render.html:render",
    Format.pdf: "maturity.render.pdf:render",
    Format.sarif: "maturity.render.sarif:render",
    Format.junit: "maturity.render.junit:render",
    Format.gitlab_codequality: "maturity.render.gitlab:render",
}

BINARY = {Format.pdf}


class RenderOptions(BaseModel):
    """Presentation choices that are not part of the result (branding, width)."""

    title: str | None = None
    org: str | None = None
    logo: str | None = None
    paper: str = "a4"
    width: int = 100
    sarif_category: str | None = None  # automationDetails.id is maturity/<category>/; None: the scanned path
    sarif_scope: Literal["all", "gate"] = "all"  # "gate": only the gate's problems
    junit_criteria: bool = False  # with a gate verdict, also one (never failing) test case per criterion


class Renderer(Protocol):
    def __call__(self, report: Report, options: RenderOptions) -> str | bytes: ...


def renderer(fmt: Format) -> Renderer:
    module, _, name = RENDERERS[fmt].partition(":")
    fn: Renderer = getattr(import_module(module), name)
    return fn


def render(report: Report, fmt: Format, options: RenderOptions | None = None) -> str | bytes:
    """``report`` in ``fmt``; every format but JSON (which escapes them) shows no control characters."""
    shown = report if fmt is Format.json else for_display(report)
    return renderer(fmt)(shown, options or RenderOptions())


def for_display(report: Report) -> Report:
    """A copy of ``report`` whose every string (file names, answer notes, reasons, framework text from
    a repository's folder) has its control characters replaced (:func:`maturity._text.clean`)."""
    from maturity._text import clean_data

    return Report.model_validate(clean_data(report.model_dump(mode="python")))


def write(report: Report, fmt: Format, dest: Path, options: RenderOptions | None = None) -> None:
    """Render ``fmt`` and write it to ``dest`` (:func:`write_data`); nothing is written if rendering fails."""
    out: Any = render(report, fmt, options)
    if isinstance(out, str):
        out = (out if out.endswith("\n") else out + "\n").encode("utf-8")
    write_data(dest, out)


def write_data(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest``, the one way every command writes a file it was given.

    A device, FIFO or socket (``/dev/null``, a named pipe), and anything under ``/dev`` or ``/proc``
    (``/dev/stdout``, ``/dev/fd/3``), is written through, never replaced; a symbolic link is followed. A
    regular or new file is replaced atomically (a temporary file in the same folder, then rename), with
    the existing file's permissions or the umask's. A folder is refused. Every failure is an
    :class:`~maturity.errors.OutputError` naming ``dest`` (exit 2).
    """
    from maturity.errors import OutputError

    try:
        try:
            mode: int | None = dest.stat().st_mode  # through symbolic links
        except (FileNotFoundError, NotADirectoryError):  # a new file (its folder is made, or said)
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError("is a folder; give a file name", file=dest)
        if (mode is not None and not stat.S_ISREG(mode)) or dest.absolute().parts[1:2] in (
            ("dev",),
            ("proc",),
        ):
            with dest.open("wb") as fh:
                fh.write(data)
            return
        target = dest.resolve() if dest.is_symlink() else dest
        _replace(target, data, None if mode is None else stat.S_IMODE(mode))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"cannot write: {reason}", file=dest) from None


def _replace(target: Path, data: bytes, mode: int | None) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in (target.parent, *target.parent.parents) if p.exists())
        raise OSError(errno.ENOTDIR, f"cannot create its folder: {blocker} is not a folder") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode if mode is not None else 0o666 & ~_umask())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
