"""Markdown report for pull requests and CI job summaries (GitHub-flavoured).

Every ``{{ }}`` value is escaped by the environment's ``finalize`` (HTML-significant characters and
Markdown syntax), so a hostile file name or answer cannot inject markup; only code blocks built by
the ``code`` filter are passed through, inside a fence that their content cannot close.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    text = "" if value is None else str(value)
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return " ".join(text.split())


def code_block(text: str | None, lang: str = "") -> Any:
    from markupsafe import Markup

    if not text:
        return Markup("")
    fence = "```"
    while fence in text:
        fence += "`"
    return Markup(f"{fence}{lang}\n{text.rstrip()}\n{fence}")


def render(report: Report, options: RenderOptions | None = None) -> str:
    """The report; with a gate verdict (``maturity check``), the verdict on top (the CI job summary)."""
    text = _render(report, options, "report.md.j2")
    return text if report.gate is None else gate_block(report) + "\n" + text


def gate_block(report: Report) -> str:
    """The verdict as Markdown: the headline in bold, one bullet per line, details nested."""
    from maturity.gate.explain import explain

    assert report.gate is not None
    first, *rest = explain(report.gate)
    figure = "confirmed figures" if report.gate.figure == "confirmed" else "estimates"
    name = Path(report.target.path).resolve().name or report.target.path
    out = [f"**{md_escape(first)}** ({md_escape(name)}, gated on the {figure})", ""]
    for line in rest:
        nested = line.startswith(" ")
        out.append(("  - " if nested else "- ") + md_escape(line.strip()))
    return "\n".join(out) + "\n"


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
