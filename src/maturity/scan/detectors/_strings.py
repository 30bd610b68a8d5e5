"""Python string literals are not code: a pattern matching only inside a string proves nothing.

A regex written as ``r"torch.manual_seed"`` or a tuple of needles ``("PYTHONHASHSEED",)`` mentions a
practice without using it; :func:`code_match` is what :func:`~maturity.scan.detectors._tools.find_code`
uses to skip such lines and matches.
"""

from __future__ import annotations

import re

_STRING_START = re.compile(r"""^[rRbBuUfF]{0,2}['"]""")


def code_match(rx: re.Pattern[str], line: str) -> bool:
    """``rx`` matches ``line`` as code: the line does not start with a string, the match is not in quotes."""
    if _STRING_START.match(line.lstrip()):
        return False
    spans = _quoted_spans(line)
    return any(not _inside(m.span(), spans) for m in rx.finditer(line))


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each single-line quoted string on ``line`` (quotes included, escapes honoured)."""
    spans: list[tuple[int, int]] = []
    quote: str | None = None
    start, i = 0, 0
    while i < len(line):
        ch = line[i]
        if quote is None and ch in "'\"":
            quote, start = ch, i
        elif quote is not None and ch == "\\":
            i += 1
        elif ch == quote:
            spans.append((start, i + 1))
            quote = None
        i += 1
    if quote is not None:
        spans.append((start, len(line)))
    return spans
