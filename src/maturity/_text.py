"""Text from a repository made safe to show: no control characters, no @mentions in Markdown.

File names, answer notes, config reasons and framework text come from repositories maturity does not
trust. Shown as they are, an escape sequence (``ESC [ 2 J``) rewrites the reader's terminal, a
bidirectional override reorders what they read, and ``@team`` in a pull-request comment pings people.
Every renderer except JSON (which escapes them) shows text through :func:`clean`.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides
# and isolates (the "Trojan Source" characters)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"  # shown in place of each one, so the reader sees that something was there
# @name or @org/team where GitHub or GitLab would read a mention (not in an e-mail address)
_MENTION = re.compile(r"(?<![\w.+-])@(?=[A-Za-z0-9])")
ZERO_WIDTH_SPACE = "\u200b"


def clean(text: str) -> str:
    """``text`` with every control character (but tab and newline) shown as U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, text) if _CONTROL.search(text) else text


def clean_data(value: Any) -> Any:
    """:func:`clean` applied to every string (keys too) in nested dicts and lists."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(v) for v in value]
    return value


def no_mentions(text: str) -> str:
    """``@name`` -> ``@<zero-width space>name``: reads the same, pings nobody (Markdown for PRs)."""
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE, text)
