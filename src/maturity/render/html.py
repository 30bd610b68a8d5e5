"""HTML report: one self-contained file (inline CSS and SVG, no JavaScript, no network).

Jinja2 with autoescape on for every template: repository text (file names, README lines, answers)
is untrusted. Only the SVG built by :mod:`maturity.render.charts` (which escapes its labels) and
the shipped CSS are marked safe.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from maturity.report import Report

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from maturity.render import RenderOptions

PAPER = {"a4": "A4", "letter": "letter"}


def environment() -> Environment:
    import jinja2

    from maturity._resources import data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from maturity.render.summary import by_need
    from maturity.render.view import STATUS_LABEL, proof_of, reason_text

    env.filters["reason"] = reason_text
    env.filters["proof"] = proof_of
    env.filters["status_label"] = lambda s: STATUS_LABEL.get(str(s), str(s))
    env.filters["pct"] = lambda x: f"{100 * float(x):.0f}%"
    env.filters["ident"] = ident
    env.filters["by_need"] = by_need
    env.filters["ticks"] = ticks
    return env


def ident(value: object) -> Markup:
    """An id (``microsoft:L2.model_release.engineering_releases``) that may wrap only after ``: . _ -``,
    never in the middle of a word."""
    from markupsafe import Markup, escape

    text = str(escape(value))
    return Markup(re.sub(r"([:._-])", r"\1<wbr>", text))


def ticks(value: object) -> Markup:
    """Text whose `backticked` parts are commands: shown as code, not as literal backticks."""
    from markupsafe import Markup, escape

    parts = str(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: plain text
        return Markup(escape(value))
    return Markup("".join(str(escape(p)) if i % 2 == 0 else f"<code>{escape(p)}</code>"
                          for i, p in enumerate(parts)))  # fmt: skip


def context(report: Report, options: RenderOptions | None, for_print: bool = False) -> dict[str, Any]:
    from markupsafe import Markup

    from maturity._resources import data_dir
    from maturity.gate.explain import explain
    from maturity.render.view import build

    title = options.title if options else None
    org = options.org if options else None
    logo = options.logo if options else None
    paper = PAPER.get((options.paper if options else "a4").lower(), "A4")
    css = (data_dir("templates") / "report.css").read_text(encoding="utf-8")
    css = css.replace("__PAPER__", paper)
    view = build(report, title=title, org=org, logo=logo)
    gate_lines = explain(report.gate) if report.gate is not None else []
    return {"v": view, "css": Markup(css), "safe_svg": Markup, "for_print": for_print, "gate": report.gate,
            "gate_lines": gate_lines}  # fmt: skip


def render(report: Report, options: RenderOptions | None = None) -> str:
    return environment().get_template("report.html.j2").render(context(report, options))
