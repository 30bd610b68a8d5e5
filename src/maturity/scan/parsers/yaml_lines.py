"""YAML with line numbers: composed nodes turned into dicts, lists and :class:`LStr` scalars."""

from __future__ import annotations

from typing import Any

import yaml


class LStr(str):
    """A YAML scalar that knows its 1-based line; ``block`` is True for literal (``|``) scalars."""

    line: int = 0
    block: bool = False


MAX_YAML_NODES = 200_000


def located(node: yaml.Node, memo: dict[int, Any] | None = None) -> Any:
    """A composed YAML node as dicts/lists of :class:`LStr` (no type resolution; aliases shared)."""
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    if len(memo) > MAX_YAML_NODES:
        raise ValueError("YAML document too large")
    if isinstance(node, yaml.ScalarNode):
        out = LStr(node.value)
        out.line, out.block = node.start_mark.line + 1, node.style == "|"
        memo[id(node)] = out
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        memo[id(node)] = items
        items.extend(located(n, memo) for n in node.value)
        return items
    mapping: dict[str, Any] = {}
    memo[id(node)] = mapping
    for key_node, value_node in node.value:
        key, value = located(key_node, memo), located(value_node, memo)
        if key == "<<":
            for merged in value if isinstance(value, list) else [value]:
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        mapping.setdefault(k, v)
        elif isinstance(key, str):
            mapping[key] = value
    return mapping
