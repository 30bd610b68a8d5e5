"""Searching Python code lines (comments and docstrings removed) without reading every line.

:func:`code_lines` strips a .py file or a notebook's code cells. :func:`find_code`, :func:`matching_lines`
and :func:`text_lines` first test the file for the literal strings any match holds (:mod:`._needles`),
then search its whole text (one C-level search per matching line, :func:`whole_text_pattern`): a file
where the pattern cannot match is skipped before any per-line work, and only the lines where a
whole-text search finds a match are read. In a .py file, whether such a line is code is known from the
lines holding a triple quote alone (:class:`_Docstrings`). The results are the ones a line-by-line
reading gives: the whole-text search finds every line where the pattern matches the line alone, and
each line found is then checked on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from maturity.scan.detectors._needles import may_match, needles_in_use
from maturity.scan.detectors._strings import code_match
from maturity.scan.models import Proof
from maturity.scan.repo import RepoView
from maturity.scan.viewcache import PerView

_TRIPLE = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|''')")
_TRIPLE_ANY = re.compile("\"\"\"|'''")
# constructs whose meaning changes when a line is searched inside the whole text: negative lookarounds
# (they see the neighbouring lines), string anchors, and `$` (a code line is cut before its comment)
_LINE_BOUND = re.compile(r"\\[AZ]|\(\?<?!|\$")
_LONE_CR = re.compile("\r(?!\n)")

_CODE: PerView[str, list[tuple[int, str]]] = PerView()
_TEXT: PerView[str, str] = PerView()
_DOCS: PerView[str, _Docstrings | None] = PerView()


def code_lines(repo: RepoView, path: str) -> list[tuple[int, str]]:
    """Code lines of a .py file or notebook code cells, without comments and docstrings (cached)."""
    cache = _CODE.of(repo)
    if path not in cache:
        if path.lower().endswith(".ipynb"):
            raw = repo.code_cells(path)
        else:
            raw = list(enumerate(repo.lines(path), start=1))
        cache[path] = _strip(raw)
        repo.work["lines stripped"] += len(raw)
    return cache[path]


def _strip(raw: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    delim: str | None = None
    for n, line in raw:
        if delim is not None:
            if delim in line:
                delim = None
            continue
        code, delim = _cut(line)
        if code is not None:
            out.append((n, code))
    return out


def _cut(line: str) -> tuple[str | None, str | None]:
    """A line read outside any multi-line string: its code (None when it has none), and the quote of a
    multi-line string it opens."""
    code = _drop_comment(line) if "#" in line else line
    m = _TRIPLE.search(code) if '"""' in code or "'''" in code else None
    delim = None
    if m:
        if m.group(1) not in code[m.end() :]:
            delim = m.group(1)
        code = code[: m.start()]
    return (code if code and not code.isspace() else None), delim


def _drop_comment(line: str) -> str:
    if "#" not in line:
        return line
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


class _Docstrings:
    """Where a .py file's multi-line strings hide lines, from the lines holding a triple quote only
    (nowhere else does the state of :func:`_strip` change)."""

    __slots__ = ("hidden",)

    def __init__(self, hidden: tuple[tuple[int, int], ...]) -> None:
        self.hidden = hidden  # (first, last) lines inside a multi-line string

    @classmethod
    def of(cls, text: str) -> _Docstrings:
        hidden: list[tuple[int, int]] = []
        delim: str | None = None
        opened = 0
        for n, start, end in _line_spans(_TRIPLE_ANY, text) if '"""' in text or "'''" in text else ():
            line = text[start:end].rstrip("\r")
            if delim is None:
                delim = _cut(line)[1]
                opened = n
            elif delim in line:
                hidden.append((opened + 1, n))
                delim = None
        if delim is not None:
            hidden.append((opened + 1, text.count("\n") + 1))
        return cls(tuple(hidden)) if hidden else _NONE_HIDDEN

    def is_hidden(self, n: int) -> bool:
        return any(first <= n <= last for first, last in self.hidden)

    def code(self, n: int, line: str) -> str | None:
        """Line ``n``'s code (``line`` is its text), as :func:`code_lines` has it."""
        return None if self.is_hidden(n) else _cut(line)[0]


_NONE_HIDDEN = _Docstrings(())  # shared by every file without a multi-line string


def _docstrings(repo: RepoView, path: str) -> _Docstrings | None:
    """The file's :class:`_Docstrings`; None for a notebook or a text with unusual line breaks."""
    cache = _DOCS.of(repo)
    if path not in cache:
        text = repo.text(path) or ""
        plain = not path.lower().endswith(".ipynb") and not other_breaks(text)
        cache[path] = _Docstrings.of(text) if plain else None
    return cache[path]


def import_is_code(repo: RepoView, path: str, line: int) -> bool:
    """Whether an import statement's ``line`` (it starts with ``import``/``from``, so it has code unless a
    string hides it) is one of :func:`code_lines`, without stripping the whole file when it can."""
    docs = _docstrings(repo, path)
    if docs is None:
        return any(n == line for n, _ in code_lines(repo, path))
    return not docs.is_hidden(line)


def find_code(
    repo: RepoView,
    pattern: str | re.Pattern[str],
    paths: Iterable[str],
    needles: tuple[str, ...] = (),
    limit: int | None = None,
) -> list[Proof]:
    """Matches of ``pattern`` in code lines (no comments or docstrings) of ``paths``, as proofs; a match
    inside a string literal is not code (:func:`~maturity.scan.detectors._strings.code_match`).

    ``needles``: a file whose raw text contains none of them is skipped without parsing (fast path).
    ``limit``: the first ``limit`` proofs only (in the order of ``paths``, then of lines).
    """
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    out: list[Proof] = []
    for path in paths:
        if needles and not any(n in (repo.text(path) or "") for n in needles):
            continue
        for n, line in matching_lines(repo, rx, path):
            if code_match(rx, line):  # the quote analysis only where the pattern is
                out.append(Proof(path=path, line=n, detector="", detail=line.strip()[:120]))
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


def matching_lines(repo: RepoView, rx: re.Pattern[str], path: str) -> list[tuple[int, str]]:
    """The code lines of ``path`` where ``rx`` matches (a search of the line, quotes not considered)."""
    whole = whole_text_pattern(rx)
    lines: Iterable[tuple[int, str | None]]
    if whole is None:
        lines = code_lines(repo, path)
    else:
        docs = _docstrings(repo, path)
        text = (repo.text(path) or "") if docs is not None else _searchable(repo, path)
        if not may_match(needles_in_use(rx), text):
            lines = []
        elif docs is None:  # a notebook, or unusual line breaks: every code line, if the text can match
            lines = code_lines(repo, path) if whole.search(text) else []
        else:
            lines = ((n, docs.code(n, text[s:e].rstrip("\r"))) for n, s, e in _line_spans(whole, text))
    out: list[tuple[int, str]] = []
    searched = 0
    for n, line in lines:
        searched += 1
        if line is not None and rx.search(line):
            out.append((n, line))
    repo.work["lines searched"] += searched
    return out


def text_lines(repo: RepoView, rx: re.Pattern[str], path: str) -> list[tuple[int, str]]:
    """The lines of a file's text (any file) where ``rx`` matches, with their 1-based numbers."""
    whole = whole_text_pattern(rx)
    if whole is None:
        lines: Iterable[tuple[int, str]] = enumerate(repo.lines(path), start=1)
    else:
        text = _plain_text(repo, path)
        spans = _line_spans(whole, text) if may_match(needles_in_use(rx), text) else iter(())
        lines = ((n, text[s:e].rstrip("\r")) for n, s, e in spans)
    out = [(n, line) for n, line in lines if rx.search(line)]
    repo.work["lines searched"] += len(out)
    return out


def _line_spans(whole: re.Pattern[str], text: str) -> Iterator[tuple[int, int, int]]:
    """(1-based number, start, end) of each line of ``text`` on which a search from the line's start finds
    a match (each line searched at most once, from its start; lines between matches are skipped)."""
    pos, line, counted = 0, 1, 0
    while (m := whole.search(text, pos)) is not None:
        line += text.count("\n", counted, m.start())
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        yield line, start, end if end >= 0 else len(text)
        if end < 0:
            return
        pos = counted = end + 1
        line += 1


@functools.lru_cache(maxsize=1024)
def whole_text_pattern(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` for a search of a file's whole text (MULTILINE), or None when that could miss a line.

    A code line is a prefix of a line of the text (comments and docstrings cut away): where a pattern
    without negative lookarounds, string anchors or ``$`` matches a code line alone, a search of the text
    from that line's start finds a match starting on the line. The reverse need not hold: each line found
    is searched again on its own.
    """
    if _LINE_BOUND.search(rx.pattern):
        return None
    return re.compile(rx.pattern, rx.flags | re.MULTILINE)


def _searchable(repo: RepoView, path: str) -> str:
    """One line per line :func:`code_lines` reads: a notebook's code-cell lines (not its JSON)."""
    if not path.lower().endswith(".ipynb"):
        return _plain_text(repo, path)
    cache = _TEXT.of(repo)
    if path not in cache:
        cache[path] = "\n".join(src for _, src in repo.code_cells(path))
    return cache[path]


def _plain_text(repo: RepoView, path: str) -> str:
    """A file's text with every line break :meth:`str.splitlines` sees written as ``\\n`` (most texts
    already are: then the text itself, and nothing is kept)."""
    cache = _TEXT.of(repo)
    if path in cache:
        return cache[path]
    text = repo.text(path) or ""
    if _DOCS.of(repo).get(path) is not None or not other_breaks(text):
        return text
    cache[path] = "\n".join(text.splitlines())
    return cache[path]


def other_breaks(text: str) -> bool:
    """Whether ``text`` holds a line break of :meth:`str.splitlines` other than ``\\n`` and ``\\r\\n`` (a
    form feed, a lone ``\\r``...), where a MULTILINE ``^`` would not see a line start."""
    if "\r" in text and _LONE_CR.search(text):
        return True
    if "\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text:
        return True
    return not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)
