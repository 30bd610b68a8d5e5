"""What a test asserts: on a model's outputs or metrics (model tests), read from the parsed test code.

A model output is a name assigned from a prediction call (``preds = clf.predict(X)``, ``out = model(x)``,
``text = recognizer.predict(img)``); a metric is a name or key with a metric word (``accuracy``,
``results["map"]``). An assertion counts when it compares such a value with something else (``==``,
ordering, ``approx``, ``allclose``, ``assertEqual``...). Interface checks (``len(preds)``,
``out.shape``, ``type(x)``, ``is not None``), a value compared with itself and functions that build a
mock model are no model tests.
"""

from __future__ import annotations

import ast
import re

from maturity.scan.detectors._pycode import (
    ORDERING,
    SETTING_WORDS,
    TEST_KEY_WORDS,
    TEST_METRIC_WORDS,
    calls_in,
    scopes,
    value_words,
    walk_scope,
)
from maturity.scan.parsers.pyast import PyModule, dotted, source

PREDICT = re.compile(
    r"(?i)^(predict\w*|infer\w*|generate\w*|forward|transcribe|classify|recognize|detect|translate"
    r"|embed\w*|encode_(image|text)|run_inference|evaluate\w*|score_\w+)$"
)
MODEL_HOLDER = re.compile(r"(?i)^(\w+_)?(pipe|pipeline|llm|generator|trainer|engine|session|chain|agent)$")
GENERIC = re.compile(r"(?i)^(evaluate\w*|generate\w*|infer\w*|embed\w*|score_\w+|encode_\w+)$")
# a callable holding a model (``model(x)``, ``self.net(x)``), not a function building one (``build_model()``)
BUILDS = re.compile(r"(?i)^(build|create|load|get_model|make|init|train|fit|new|setup|define|construct)")
MODEL = re.compile(
    r"(?i)^(?!(?:build|create|load|get|make|init|train|fit|new|setup|define|construct|compile|run|call|apply"
    r"|register|save|find|check|add|update|set)_)"
    r"(\w+_)?(model|net|clf|classifier|regressor|estimator|predictor|learner|recognizer|detector|booster"
    r"|tagger|nlp)$"
)
CLOSE = re.compile(
    r"(?i)^(allclose|isclose|array_equal|equal|assert_\w+|assert(Equal|AlmostEqual|Greater\w*|Less\w*"
    r"|NotEqual|Count\w*)|approx)$"
)
SHALLOW_CALLS = frozenset(
    {"len", "type", "isinstance", "hasattr", "getattr", "callable", "id", "list", "set", "dict"}
)
SHALLOW_ATTRS = frozenset({"shape", "dtype", "dtypes", "ndim", "size", "device", "keys", "__class__"})
VALUE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def model_assertions(mod: PyModule) -> list[tuple[int, str]]:
    """(line, assertion source) of each assertion on a model's output or metric, one per function."""
    out: list[tuple[int, str]] = []
    for _, body in scopes(mod):
        asserted = [(node, sides) for node in walk_scope(body) if (sides := _asserted_sides(node))]
        if not asserted or any("mock" in name.lower() for name, _ in calls_in(body)):
            continue
        outputs = _model_outputs(body)
        hit = next((node for node, sides in asserted if _about_model(sides, outputs)), None)
        if hit is not None:
            out.append((mod.line(hit), source(hit, 90)))
    return out


def _model_outputs(body: list[ast.stmt]) -> set[str]:
    """Names assigned from a prediction: ``y = model.predict(x)``, ``out = net(x)``."""
    out: set[str] = set()
    for node in walk_scope(body):
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        if any(_predicts(name, call) for name, call in calls_in(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                out.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
    return out


def _predicts(name: str, call: ast.Call) -> bool:
    """A prediction: ``m.predict(x)``, ``model(x)``, or a helper given a model (``label(x, predictor=m)``).

    Generic verbs (``evaluate``, ``generate``, ``infer``, ``embed``, ``score_``) count as a method of
    something (``model.evaluate(x)``), not as a bare function (``evaluate(report, gate)``).
    """
    receiver, _, last = name.rpartition(".")
    if MODEL.match(last) or (PREDICT.match(last) and (not GENERIC.match(last) or _model_like(receiver))):
        return True
    if BUILDS.match(last) or last in SHALLOW_CALLS:
        return False
    given = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(a, ast.Name) and MODEL.match(a.id) for a in given)


def _model_like(receiver: str) -> bool:
    """``model``, ``self.net``, ``pipe``, ``llm``: something holding a model (a generic verb's receiver)."""
    last = receiver.rpartition(".")[2].rstrip("()")
    return bool(last) and (bool(MODEL.match(last)) or bool(MODEL_HOLDER.match(last)))


def _asserted_sides(node: ast.AST) -> list[ast.expr]:
    """The values an assertion compares (empty when it compares nothing)."""
    if isinstance(node, ast.Assert):
        sides: list[ast.expr] = []
        for sub in ast.walk(node.test):
            if isinstance(sub, ast.Compare) and all(isinstance(op, VALUE_OPS) for op in sub.ops):
                if not _range_check(sub):
                    sides.extend([sub.left, *sub.comparators])
            elif isinstance(sub, ast.Call) and CLOSE.match(dotted(sub.func).rpartition(".")[2]):
                sides.extend(sub.args[:2])
        return sides
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        last = dotted(node.value.func).rpartition(".")[2]
        if last.lower().startswith("assert") and CLOSE.match(last) and len(node.value.args) >= 2:
            return list(node.value.args[:2])
    return []


def _range_check(compare: ast.Compare) -> bool:
    """``acc >= 0.0``, ``0 <= score <= 1``, ``loss > 0``: a value inside its possible range, which any model
    (an untrained one too) passes; no quality bar."""
    bounds = [
        s
        for s in (compare.left, *compare.comparators)
        if isinstance(s, ast.Constant) and type(s.value) in (int, float) and s.value in (0, 1)
    ]
    return bool(bounds) and all(isinstance(op, ORDERING) for op in compare.ops)


def _about_model(sides: list[ast.expr], outputs: set[str]) -> bool:
    if len({source(s) for s in sides}) < 2:
        return False  # `assert x == x` checks nothing
    for side in sides:
        if _shallow(side):
            continue
        names = {n.id for n in ast.walk(side) if isinstance(n, ast.Name)}
        if names & outputs or _metric(side) or any(_predicts(n, c) for n, c in calls_in(side)):
            return True  # a prediction asserted on directly: `assert model.predict(x)[0] == 1`
    return False


def _metric(side: ast.expr) -> bool:
    names, found = value_words(side)
    if (names | found) & SETTING_WORDS:
        return False
    return bool(names & TEST_METRIC_WORDS or found & TEST_KEY_WORDS)


def _shallow(side: ast.expr) -> bool:
    """An interface property of a value (its length, shape, type), not the value."""
    if isinstance(side, ast.Call):
        name = dotted(side.func)
        return name in SHALLOW_CALLS or name.rpartition(".")[2] in ("size", "dim", "numel")
    if isinstance(side, ast.Subscript):
        return _shallow(side.value)
    if isinstance(side, ast.Attribute):
        return side.attr in SHALLOW_ATTRS
    return isinstance(side, ast.Constant) and side.value is None
