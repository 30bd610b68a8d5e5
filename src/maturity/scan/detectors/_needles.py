"""Literal strings every match of a regular expression contains, found from the pattern itself.

``\\bmlflow\\.(log_\\w+|start_run)\\s*\\(`` cannot match a text without ``mlflow.``; ``SummaryWriter\\s*\\(|
TensorBoardLogger\\s*\\(`` cannot match one holding neither ``SummaryWriter`` nor ``TensorBoardLogger``.
A substring test (``in``) is many times faster than a regex search that has no literal prefix to jump
to, so a file holding none of a pattern's needles is skipped without searching it.

The pattern is read with the standard library's regex parser (``re._parser``, a private module): if it
is missing or changes shape, no needles are found and every file is searched, which is slower, never
wrong. Case-insensitive patterns get no needles.
"""

from __future__ import annotations

import functools
import re
from typing import Any

MIN_LENGTH = 3  # shorter needles are in too many files to be worth testing
WARM_UP = 32  # searches of a pattern before its needles are worth reading (a small repository: never)
_USES: dict[re.Pattern[str], int] = {}

try:  # pragma: no branch
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no needles
    _parser = None


@functools.lru_cache(maxsize=1024)
def needles(rx: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of ``rx`` contains; empty when none is known."""
    if _parser is None or rx.flags & re.IGNORECASE:
        return ()
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        found = _required(list(parsed))
    except Exception:  # pragma: no cover - an unexpected parse tree: no needles
        return ()
    if not found or min(len(s) for s in found) < MIN_LENGTH:
        return ()
    return tuple(sorted(found))


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best set of strings one of which a match of the sequence ``items`` contains (None: unknown)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or _score(found) > _score(best)):
            best = found

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        consider(_of(op, av))
    consider(frozenset({"".join(run)}) if run else None)
    return best


def _of(op: Any, av: Any) -> frozenset[str] | None:
    """What one element of a sequence requires (a group, an alternation, a repeat of at least one)."""
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        return None if add_flags & re.IGNORECASE else _required(list(inner))
    if op is _c.BRANCH:
        alternatives = [_required(list(b)) for b in av[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*(a for a in alternatives if a is not None))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = av
        return _required(list(inner)) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _required(list(av))
    return None


def _score(found: frozenset[str]) -> int:
    return min(len(s) for s in found)


def may_match(found: tuple[str, ...], text: str) -> bool:
    """False when ``text`` holds none of the needles ``found`` (no needles: True)."""
    return not found or any(n in text for n in found)


def needles_in_use(rx: re.Pattern[str]) -> tuple[str, ...]:
    """:func:`needles`, once ``rx`` has been searched :data:`WARM_UP` times (reading a pattern costs more
    than the few searches a small repository makes)."""
    uses = _USES.get(rx, 0)
    if uses < WARM_UP:
        _USES[rx] = uses + 1
        return ()
    return needles(rx)
