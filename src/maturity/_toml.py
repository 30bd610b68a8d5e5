"""Lines in ``[tool.maturity]`` for error messages: tomllib gives data without positions.

``toml_error`` takes the line from tomllib's message; ``toml_line`` finds the line a validation error
points at by searching the maturity tables for the offending value (its nth occurrence), else the key.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from typing import Any

# (location of a validation error, the offending value or None, which occurrence) -> 1-based line
Locator = Callable[..., int | None]

_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_END = " (at end of document)"
_HEADER = re.compile(r"""^\s*\[+\s*tool\s*\.\s*["']?maturity\b""")


def toml_error(exc: tomllib.TOMLDecodeError, source: str) -> tuple[str, int | None]:
    """tomllib's message without its position, and the line it names (the last one at end of document)."""
    text = str(exc)
    if m := _AT.search(text):
        return text[: m.start()], int(m.group(1))
    if text.endswith(_END):
        return text.removesuffix(_END) + " before the end of the file", max(1, len(source.splitlines()))
    return text, None


def _spellings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [f'"{value}"', f"'{value}'", value]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, dt.date | int | float):
        return [value.isoformat() if isinstance(value, dt.date) else f"{value}"]
    return []


def toml_line(text: str, loc: tuple[Any, ...], value: Any = None, nth: int = 1) -> int | None:
    """The line of ``value`` (its ``nth`` occurrence) or else of the deepest key of ``loc``."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if start is None:
        return None
    region = list(enumerate(lines[start:], start + 1))
    for spelling in _spellings(value):
        hits = [n for n, line in region if spelling in line.split("#", 1)[0]]
        if len(hits) >= nth:
            return hits[nth - 1]
    keys = [k for k in loc if isinstance(k, str)]
    if keys:
        key = re.compile(
            rf"""(?<![\w-])["']?{re.escape(keys[-1])}["']?\s*=|\.\s*{re.escape(keys[-1])}\s*\]"""
        )
        hit = next((n for n, line in region if key.search(line)), None)
        if hit is not None:
            return hit
    return start + 1
