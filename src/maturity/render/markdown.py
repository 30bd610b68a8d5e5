"""Markdown report for pull requests and CI job summaries (GitHub-flavoured).

Every ``{{ }}`` value is escaped by the environment's ``finalize`` (control characters, HTML-significant
characters, Markdown syntax and @mentions), so a hostile file name or answer cannot inject markup or
ping anyone; only code blocks built by
the ``code`` filter are passed through, inside a fence that their content cannot close.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from maturity._text import clean, no_mentions
from maturity.report import Report

if TYPE_CHECKING:
    from maturity.render import RenderOptions

_SPECIAL = re.compile(r"([\\`*\[\]|#!{}])|(?<!\w)_|_(?!\w)")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_escape(value: Any) -> str:
    """Plain text -> Markdown that renders as that text (one line, safe in a table cell)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return str(value)
    text = no_mentions(clean("" if value is None else str(value)))
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return " ".join(text.split())


def code_block(text: str | None, lang: str = "") -> Any:
    from markupsafe import Markup

    if not text:
        return Markup("")
    text = no_mentions(clean(text))
    fence = "```"
    while fence in text:
        fence += "`"
    return Markup(f"{fence}{lang}\n{text.rstrip()}\n{fence}")


def render(report: Report, options: RenderOptions | None = None) -> str:
    return _render(report, options, "report.md.j2")


def render_roadmap(report: Report, options: RenderOptions | None = None) -> str:
    """Only the roadmap section (``maturity roadmap --format markdown``)."""
    return _render(report, options, "roadmap.md.j2")


def _render(report: Report, options: RenderOptions | None, template: str) -> str:
    import jinja2

    from maturity._resources import data_dir
    from maturity.render.view import STATUS_LABEL, build, proof_of, reason_text

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,  # Markdown, not HTML: finalize escapes every value instead
        finalize=md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(reason=reason_text, proof=proof_of, code=code_block)
    env.filters["status_label"] = lambda s: STATUS_LABEL.get(str(s), str(s))
    view = build(
        report,
        title=options.title if options else None,
        org=options.org if options else None,
    )
    text = env.get_template(template).render(v=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
