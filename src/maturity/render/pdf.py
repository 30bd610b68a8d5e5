"""PDF report: WeasyPrint over the HTML report, with print CSS (paper size, page numbers, header).

WeasyPrint never touches the network: its URL fetcher refuses everything but ``data:`` URLs (the
HTML is self-contained; the logo is embedded as a data: URI).

WeasyPrint is the ``pdf`` extra (``pip install 'maturity[pdf]'``): the core install, which CI uses,
goes without it and its system libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maturity.errors import MaturityError, UserError
from maturity.report import Report

if TYPE_CHECKING:
    from maturity.render import RenderOptions


NO_WEASYPRINT = "PDF output needs WeasyPrint, which the core install leaves out: pip install 'maturity[pdf]'"


def require_weasyprint() -> None:
    """Fail early, in one line, when a PDF is asked for without the ``pdf`` extra."""
    from importlib.util import find_spec

    if find_spec("weasyprint") is None:
        raise UserError(NO_WEASYPRINT)


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and refuses every other scheme."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render(report: Report, options: RenderOptions | None = None) -> bytes:
    from maturity.render.html import context as html_context
    from maturity.render.html import environment

    require_weasyprint()
    html = environment().get_template("report.html.j2").render(html_context(report, options, for_print=True))
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Print self-contained HTML to PDF, offline (only ``data:`` URLs are fetched)."""
    import logging

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: its system libraries (pango) are missing
        raise UserError(f"PDF output needs WeasyPrint and its system libraries (pango): {exc}") from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        pdf = weasyprint.HTML(string=html, url_fetcher=offline_fetcher(), base_url=None).write_pdf()
    except OSError as exc:
        raise MaturityError(f"PDF rendering failed: {exc}") from exc
    return bytes(pdf or b"")
