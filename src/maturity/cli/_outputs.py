"""Where each report goes: ``-F``/``-o`` pairs checked before anything runs, then written.

The Nth ``--format`` goes to the Nth ``--output``; an ``--output`` without a ``--format`` takes the format
its extension names (``.json``, ``.sarif``, ``.xml``, ...; any other extension is an error); formats
without an output go to standard output (one at most).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.errors import UserError

if TYPE_CHECKING:
    from maturity.render import Format, RenderOptions
    from maturity.report import Report

EXTENSIONS = {
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".txt": "table",
}


@dataclass(frozen=True)
class Output:
    fmt: Format
    dest: Path | None  # None: standard output

    def named(self, name: str) -> Output:
        """This output for one of several paths: ``{name}`` in the file name becomes ``name``."""
        if self.dest is None:
            return self
        return Output(self.fmt, Path(str(self.dest).replace("{name}", name)))


def infer(dest: Path, allowed: Sequence[str]) -> str:
    """The format an output file's extension names; an unknown extension is an error."""
    if str(dest) == "-":
        raise UserError("-o - needs a --format (standard output has no extension to tell it)")
    if dest.is_dir():
        raise UserError("is a folder; give a file name", file=dest)
    fmt = EXTENSIONS.get(dest.suffix.lower())
    if fmt is None or fmt not in allowed:
        known = ", ".join(
            ext if f == ext[1:] else f"{ext} ({f})" for ext, f in EXTENSIONS.items() if f in allowed
        )
        raise UserError(
            f"cannot tell the format of {dest} from its extension; give --format (known: {known})"
        )
    return fmt


def plan(
    formats: list[str] | None,
    outputs: list[Path] | None,
    *,
    allowed: Sequence[str],
    default: str | None,
) -> list[Output]:
    """Check ``-F``/``-o`` before running: formats, extensions, one stdout at most, PDF available."""
    from maturity.render import BINARY, Format

    names, files = list(formats or []), list(outputs or [])
    for name in names:
        if name not in allowed:
            raise UserError(f"unknown --format {name!r}; choose from {', '.join(allowed)}")
    if not names and not files:
        names = [default] if default else []
    out = []
    for i in range(max(len(names), len(files))):
        file = files[i] if i < len(files) else None
        name = names[i] if i < len(names) else infer(file or Path("-"), allowed)
        dest = None if file is None or str(file) == "-" else file
        if dest is not None and dest.is_dir():
            raise UserError("is a folder; give a file name", file=dest)
        fmt = Format(name)
        if fmt in BINARY and dest is None and (file is None or sys.stdout.isatty()):
            raise UserError(f"--format {name} is binary: give --output FILE (or -o - into a pipe)")
        out.append(Output(fmt, dest))
    if sum(o.dest is None for o in out) > 1:
        raise UserError("only one format can go to standard output; give --output for the others")
    if any(o.fmt is Format.pdf for o in out):
        from maturity.render.pdf import require_weasyprint

        require_weasyprint()
    return out


def emit(
    report: Report, outputs: list[Output], options: RenderOptions | None = None, verbose: bool = False
) -> None:
    """Write each planned output: files through ``write_data``, the rest to standard output."""
    import typer

    from maturity.render import Format, render, write

    for o in outputs:
        if o.dest is not None:
            write(report, o.fmt, o.dest, options)
        elif o.fmt is Format.table:
            from rich.console import Console

            from maturity.render.terminal import renderable

            Console().print(renderable(report, verbose=verbose))
        else:
            data = render(report, o.fmt, options)
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                typer.echo(data)


def to_stdout(outputs: list[Output]) -> bool:
    """Whether a report goes to standard output (then the gate's verdict goes to standard error)."""
    return any(o.dest is None for o in outputs)
