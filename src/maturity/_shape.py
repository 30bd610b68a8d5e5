"""Parsed data that no walker can safely recurse through: recursive aliases, alias bombs, deep nesting.

YAML aliases make a document a graph: ``&a [*a]`` contains itself, and nine levels of nine aliases
("billion laughs") expand to billions of values though PyYAML builds each list once. Code that walks
parsed data (the CI walker, detectors looking for keys at any depth) would loop forever or expand the
bomb. :func:`shape_problem` measures the graph once, linear in its distinct values, where the data is
parsed, so that no walker has to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 100  # nesting levels; a walker recursing through data deeper than this risks RecursionError
ALIAS_BUDGET = 100_000  # values that aliases may add to a document once expanded


@dataclass
class _Shape:
    expanded: int = 0  # values with every alias expanded
    own: int = 0  # values written in the document (each list/dict and each scalar slot once)
    height: int = 0  # the deepest nesting along any path
    shared: bool = False  # a list or dict reached twice (an alias)
    cycle: bool = False  # a list or dict that contains itself


def shape_problem(data: Any, *, cut: bool = False) -> str | None:
    """Why ``data`` is unsafe to walk, or None: a recursive alias, aliases that add more than
    :data:`ALIAS_BUDGET` values (a bomb), or nesting deeper than :data:`MAX_DEPTH`. With ``cut``, a
    document without aliases that is only too deep has its deeper values replaced by None (the rest of
    it is still read) instead."""
    if not isinstance(data, (dict, list)):
        return None
    shape = _measure(data)
    if shape.cycle:
        return "a recursive alias (a value that contains itself)"
    if shape.expanded - shape.own > ALIAS_BUDGET:
        return f"aliases expand it to {shape.expanded:,} values"
    if shape.height > MAX_DEPTH:
        if not cut or shape.shared:
            return f"nested deeper than {MAX_DEPTH} levels"
        _cut(data, MAX_DEPTH)
    return None


def _children(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _measure(data: Any) -> _Shape:
    """One iterative post-order walk; each distinct list or dict is measured once (never expanded)."""
    shape = _Shape()
    done: dict[int, tuple[int, int]] = {}  # id -> (expanded size, height)
    opened: set[int] = set()
    stack: list[tuple[Any, list[Any], int, int]] = []  # (container, children left, size, tallest child)
    value: Any = data
    while True:
        if value is not None:  # a container not seen before
            opened.add(id(value))
            stack.append((value, _children(value), 1, 0))
            shape.own += 1
            value = None
        container, kids, size, tallest = stack[-1]
        if kids:
            kid = kids.pop()
            if not isinstance(kid, (dict, list)):
                shape.own += 1
                stack[-1] = (container, kids, size + 1, tallest)
            elif id(kid) in done:
                shape.shared = True
                kid_size, kid_height = done[id(kid)]
                stack[-1] = (container, kids, size + kid_size, max(tallest, kid_height))
            elif id(kid) in opened:
                shape.cycle = True
                return shape
            else:
                value = kid
            continue
        stack.pop()
        done[id(container)] = (size, tallest + 1)
        if not stack:
            shape.expanded, shape.height = size, tallest + 1
            return shape
        parent, left, total, high = stack[-1]
        stack[-1] = (parent, left, total + size, max(high, tallest + 1))


def _cut(data: Any, limit: int) -> None:
    """Replace every list or dict nested deeper than ``limit`` by None (``data`` is a tree)."""
    level: list[Any] = [data]
    for _ in range(limit - 1):
        level = [kid for c in level for kid in _children(c) if isinstance(kid, (dict, list))]
    for container in level:
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for k in list(keys):
            if isinstance(container[k], (dict, list)):
                container[k] = None
