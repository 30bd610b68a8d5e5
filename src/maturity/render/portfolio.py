"""Portfolio renderers: HTML and PDF (the single report's look and print rules), Markdown, CSV, JSON.

Pure functions of a finished :class:`~maturity.portfolio.models.Portfolio`; ``write()`` owns the file.
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from pathlib import Path
from typing import Any

from maturity.portfolio.models import Portfolio
from maturity.render import RenderOptions


class PortfolioFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    markdown = "markdown"
    csv = "csv"
    json = "json"


def render(p: Portfolio, fmt: PortfolioFormat, options: RenderOptions | None = None) -> str | bytes:
    options = options or RenderOptions()
    if fmt is PortfolioFormat.json:
        return p.model_dump_json(indent=2)
    if fmt is PortfolioFormat.csv:
        return to_csv(p)
    if fmt is PortfolioFormat.markdown:
        return to_markdown(p, options)
    html = to_html(p, options, for_print=fmt is PortfolioFormat.pdf)
    if fmt is PortfolioFormat.pdf:
        return to_pdf(html)
    return html


def write(p: Portfolio, fmt: PortfolioFormat, dest: Path, options: RenderOptions | None = None) -> None:
    """Render to ``dest`` through the one writer of every command (:func:`maturity.render.write_data`)."""
    from maturity.render import write_data

    out = render(p, fmt, options)
    if isinstance(out, str):
        out = (out if out.endswith("\n") else out + "\n").encode("utf-8")
    write_data(dest, out)


def to_csv(p: Portfolio) -> str:
    """One row per repository (failed ones too): ratings per framework, then every practice's status."""
    fids = [f.id for f in p.frameworks]
    pids = sorted({pid for r in p.repositories for pid in r.practices})
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    head = [
        "repository",
        "key",
        "team",
        "status",
        "commit",
        "date",
        "tool_version",
        "practices_met",
        "practices",
    ]
    out.writerow(
        head + [f"{f}_rating" for f in fids] + [f"{f}_basis" for f in fids] + pids + ["next_step", "error"]
    )
    for r in p.repositories:
        ratings = [r.ratings[f].label if f in r.ratings else "" for f in fids]
        basis = [r.ratings[f].basis if f in r.ratings else "" for f in fids]
        row = [
            r.name,
            r.key,
            r.team or "",
            "ok",
            r.commit or "",
            r.generated_at.isoformat(),
            r.tool_version,
            f"{r.met:g}",
            r.total,
        ]
        out.writerow(
            [_cell(x) for x in row + ratings + basis + [r.practices.get(x, "") for x in pids]]
            + [_cell(r.next_step or ""), ""]
        )
    for f in p.failures:
        blank = [""] * (len(head) - 4 + 2 * len(fids) + len(pids) + 1)
        out.writerow([_cell(f.name), _cell(f.key), _cell(f.team or ""), "failed", *blank, _cell(f.error)])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _env(markdown: bool = False) -> Any:
    import jinja2

    from maturity._resources import data_dir

    if markdown:
        from maturity.render.markdown import md_escape

        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
            autoescape=False,
            finalize=md_escape,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    from maturity.render.html import environment

    return environment()


def to_markdown(p: Portfolio, options: RenderOptions) -> str:
    import re

    from maturity.render.portfolio_view import build

    text = _env(markdown=True).get_template("portfolio.md.j2").render(v=build(p, options.title, options.org))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def to_html(p: Portfolio, options: RenderOptions, for_print: bool = False) -> str:
    from markupsafe import Markup

    from maturity._resources import data_dir
    from maturity.render.html import PAPER
    from maturity.render.portfolio_view import build

    folder = data_dir("templates")
    css = (folder / "report.css").read_text(encoding="utf-8") + (folder / "portfolio.css").read_text(
        encoding="utf-8"
    )
    css = css.replace("__PAPER__", PAPER.get(options.paper.lower(), "A4"))
    view = build(p, options.title, options.org)
    ctx = {"v": view, "css": Markup(css), "safe_svg": Markup, "for_print": for_print}
    return str(_env().get_template("portfolio.html.j2").render(ctx))


def to_pdf(html: str) -> bytes:
    from maturity.render.pdf import html_to_pdf

    return html_to_pdf(html)
