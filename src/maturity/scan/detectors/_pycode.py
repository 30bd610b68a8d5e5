"""Shared readings of parsed Python (``parsers.pyast``) for the ML detectors: metrics, comparisons, scopes.

A metric is recognised by the words of an expression (``test_accuracy``, ``metrics["f1"]``,
``JsonGet(json_path="regression_metrics.mse.value")``); a gate is an ordering comparison (``<``, ``<=``,
``>``, ``>=``) on one. Scopes are functions and the module's top level, each without nested functions,
so a comparison and the call it guards are read in the code that runs them together.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.parsers.pyast import PyModule, dotted, source

METRIC_WORDS = frozenset(
    {"accuracy", "acc", "acc1", "acc5", "top1", "top5", "f1", "fscore", "auc", "roc", "rmse", "mse", "mae"}
    | {"mape", "smape", "r2", "rsquared", "precision", "recall", "loss", "logloss", "metric", "metrics"}
    | {"map", "map50", "ndcg", "cer", "wer", "perplexity", "bleu", "rouge", "iou", "miou", "score", "error"}
)
# in a test, ``assert obj.score == 2`` is as likely a domain score as a model's (and ``url_map`` a map):
# names use the metric words minus the vague ones; dictionary keys (``results["map"]``) use them all
TEST_METRIC_WORDS = METRIC_WORDS - {"score", "error", "metric", "metrics", "map", "roc"}
# a dictionary key says more (``results["map"]``), but ``x["score"]`` or ``x["error"]`` is as vague as a name
TEST_KEY_WORDS = METRIC_WORDS - {"score", "error"}
# a setting of a metric (``loss_weight``, ``loss_fn``) is no value of one
SETTING_WORDS = frozenset({"weight", "weights", "fn", "func", "type", "name", "config", "cfg", "scale"})
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


def words(node: ast.AST, strings: bool = True) -> set[str]:
    """Lower-case words of an expression: names, attributes, keywords and (with ``strings``) string
    constants, split at ``_``, punctuation and case changes."""
    out: set[str] = set()
    for sub in ast.walk(node):
        text = ""
        if isinstance(sub, ast.Name):
            text = sub.id
        elif isinstance(sub, ast.Attribute):
            text = sub.attr
        elif strings and isinstance(sub, ast.Constant) and isinstance(sub.value, str) and len(sub.value) < 80:
            text = sub.value
        elif isinstance(sub, ast.keyword) and sub.arg:
            text = sub.arg
        if text:
            out.update(split_words(text))
    return out


def split_words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(_CAMEL.sub(r"\1_\2", text).lower()) if w]


def value_words(node: ast.AST, depth: int = 0) -> tuple[set[str], set[str]]:
    """(name words, key words) of what a value is called: ``results["test/acc"]`` -> ({results}, {test,
    acc}), ``task.loss.rank`` -> ({rank}, {}), ``accuracy_score(y, p)`` -> ({accuracy, score}, {}).
    Deeply nested expressions are read to a fixed depth (hostile input never recurses without bound)."""
    if depth > 40:
        return set(), set()
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and len(key.value) < 80:
            return value_words(node.value, depth + 1)[0], set(split_words(key.value))
        return value_words(node.value, depth + 1)
    if isinstance(node, ast.Attribute):
        return set(split_words(node.attr)), set()
    if isinstance(node, ast.Name):
        return set(split_words(node.id)), set()
    if isinstance(node, ast.Call):
        inner = [value_words(a, depth + 1) for a in node.args[:1]]
        own = set(split_words(dotted(node.func).rpartition(".")[2]))
        return own.union(*(i[0] for i in inner)), set().union(*(i[1] for i in inner))
    names: set[str] = set()
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        n, k = value_words(child, depth + 1)
        names |= n
        found |= k
    return names, found


def is_metric(node: ast.AST, vocabulary: frozenset[str] = METRIC_WORDS) -> bool:
    return bool(words(node) & vocabulary)


def metric_comparisons(node: ast.AST, vocabulary: frozenset[str] = METRIC_WORDS) -> list[ast.Compare]:
    """Ordering comparisons inside ``node`` with a metric on one side and something else on the other."""
    out: list[ast.Compare] = []
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Compare) or not any(isinstance(op, ORDERING) for op in sub.ops):
            continue
        sides = [sub.left, *sub.comparators]
        if any(is_metric(s, vocabulary) for s in sides) and len({source(s) for s in sides}) > 1:
            out.append(sub)
    return out


def scopes(mod: PyModule) -> Iterator[tuple[str, list[ast.stmt]]]:
    """(function name or '', statements) for the module top level and every function."""
    yield "", mod.tree.body
    for node in mod.functions():
        yield node.name, node.body


def walk_scope(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node of ``body`` without descending into nested functions or classes (depth first, children
    in the order of :func:`ast.iter_child_nodes`)."""
    stack: list[ast.AST] = [n for n in reversed(body) if not isinstance(n, _NESTED)]
    while stack:
        node = stack.pop()
        yield node
        children: list[ast.AST] = []
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                if not isinstance(value, _NESTED):
                    children.append(value)
            elif isinstance(value, list):
                children.extend(v for v in value if isinstance(v, ast.AST) and not isinstance(v, _NESTED))
        children.reverse()
        stack.extend(children)


def calls_in(nodes: list[ast.stmt] | ast.AST) -> Iterator[tuple[str, ast.Call]]:
    """(dotted callee, call) for every call in ``nodes`` (nested functions excluded)."""
    body = nodes if isinstance(nodes, list) else [nodes]
    for node in walk_scope(body):  # type: ignore[arg-type]
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name:
                yield name, node
