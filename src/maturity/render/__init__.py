"""Renderers: pure functions of a finished :class:`~maturity.report.Report`.

``Format`` names every output; ``RENDERERS`` maps each to ``module:function`` (imported only when
used, so ``maturity --help`` never loads weasyprint or jinja2). ``write()`` owns the file I/O and
removes a partial file if rendering fails.
"""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

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
    """Render to ``dest``; never leave a half-written file behind."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial")
    try:
        out: Any = render(report, fmt, options)
        if isinstance(out, bytes):
            tmp.write_bytes(out)
        else:
            tmp.write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
        tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)
