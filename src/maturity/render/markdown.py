"""Markdown report for pull requests and CI job summaries (GitHub-flavoured).

Every ``{{ }}`` value is escaped by the environment's ``finalize`` (Markdown syntax and the characters
that would start HTML, backslash-escaped: Markdown, not HTML entities; control characters replaced;
@mentions neutralised), so a hostile file name or answer cannot inject markup or ping anyone; only code
blocks built by the ``code`` filter are passed through, inside a fence that their content cannot close.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity._text import clean, no_mentions
from maturity.report import Report

if TYPE_CHECKING:
    from maturity.render import RenderOptions

_SPECIAL = re.compile(r"([\\`*\[\]|#!{}<>])|&(?=#?\w+;)|(?<!\w)_|_(?!\w)")


def md_escape(value: Any) -> str:
    """Plain text -> Markdown that renders as that text (one line, safe in a table cell).

    Markdown is not HTML: ``W&B`` stays ``W&B``; ``<``, ``>``, an entity-like ``&name;`` and Markdown
    syntax are backslash-escaped (CommonMark shows them literally, so no tag or link can be injected).
    Paired backticks stay a code span (``maturity assess``), with ``|`` escaped for tables.
    """
    from markupsafe import Markup

    if isinstance(value, Markup):
        return str(value)
    text = " ".join(clean("" if value is None else str(value)).split())
    parts = text.split("`")
    if len(parts) < 3 or len(parts) % 2 == 0:  # no code span, or an unpaired backtick
        return _escape_text(text)
    return "".join(
        _escape_text(p) if i % 2 == 0 else f"`{p.replace('|', chr(92) + '|')}`" for i, p in enumerate(parts)
    )


def _escape_text(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), no_mentions(text))


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
    from maturity.render.summary import by_need
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
    env.filters.update(reason=reason_text, proof=proof_of, code=code_block, by_need=by_need)
    env.filters["status_label"] = lambda s: STATUS_LABEL.get(str(s), str(s))
    view = build(
        report,
        title=options.title if options else None,
        org=options.org if options else None,
    )
    text = env.get_template(template).render(v=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
