"""Champion/challenger code: a metric comparison that decides whether a model is registered, promoted
or deployed, read from the parsed code (``parsers.pyast``).

A decision is direct (``if new_f1 >= old_f1: client.set_registered_model_alias(...)``), through a flag
(``should_promote = False`` in the branch, ``if should_promote: model.set_stage(...)`` later), through a
decision function (``def model_improved(): ... return True``) whose caller promotes on its answer, or a
guard that raises on a metric (``if auc < MIN_AUC: raise ...``) before a promotion in the same function, or
in a function its caller calls before promoting (``evaluate_candidate(summary)`` then ``register(...)``). A
best-of-candidates loop, early stopping and checkpoint selection promote nothing and are no decisions.
"""

from __future__ import annotations

import ast
import re

from maturity.scan.detectors._pycode import calls_in, metric_comparisons, scopes, walk_scope
from maturity.scan.detectors._tools import proof
from maturity.scan.models import Proof
from maturity.scan.parsers.pyast import PyModule, dotted, modules, source
from maturity.scan.repo import RepoView

DET = "validation.model_gates"
# calls that promote a model: register, stage, alias, deploy
PROMOTES = re.compile(
    r"(?i)register\w*_?model|^register$|model_?package|create_model_version|transition_model_version_stage"
    r"|registered_model_alias|^set_stage$|promot|deploy|link_artifact|push_to_hub|^upload$|serving_endpoints"
)
DECISION_NAME = re.compile(
    r"(?i)improv|better|promot|champion|challenger|compar|bless|gate|outperform|should_(deploy|register)"
)
FLAG_NAME = re.compile(r"(?i)deploy|regist|promot|bless")
# a decision needs a promotion word and a metric word in the same file (a cheap test before parsing)
PROMOTION_NEEDLES = (
    "register_",
    "registered_model",
    "RegisterModel",
    "model_package",
    "create_model_version",
    ".register(",
    "promot",
    "deploy",
    "set_stage",
    "_alias",
    "serving_endpoints",
    "push_to_hub",
    "link_artifact",
    ".upload(",
)
METRIC_NEEDLES = (
    "acc",
    "f1",
    "auc",
    "rmse",
    "mse",
    "mae",
    "r2",
    "score",
    "metric",
    "loss",
    "precision",
    "map",
)


def may_decide(code: str) -> bool:
    return any(n in code for n in PROMOTION_NEEDLES) and any(n in code for n in METRIC_NEEDLES)


def decisions(mod: PyModule, pending: dict[str, Proof]) -> list[Proof]:
    """A metric comparison that decides a promotion in the same function (directly or through a flag).
    A decision function (``model_improved()`` answering a metric comparison) goes to ``pending``: it is
    a gate only where a caller promotes on its answer (:func:`_confirmed`)."""
    out: list[Proof] = []
    if not any(_candidate(n) for n in mod.nodes):
        return out
    for name, body in scopes(mod):
        promoted = _guarded_by_flags(body)
        promotes = _promotes(body)
        for node in walk_scope(body):
            detail = _decision(node, name, promoted, promotes)
            if detail and detail.startswith(f"{name}()"):
                pending.setdefault(name, proof(mod.path, mod.line(node), DET, detail))
            elif detail:
                out.append(proof(mod.path, mod.line(node), DET, detail))
                break
    return out


def confirmed(repo: RepoView, code: list[str], pending: dict[str, Proof]) -> list[Proof]:
    """Decision functions whose answer guards a promotion: ``if model.model_improved(): register()`` or
    ``ok = model.model_improved()`` then ``if ok: register()``."""
    out: list[Proof] = []
    for mod in modules(repo, tuple(f"{n}(" for n in pending), code) if pending else ():
        answers = {  # ok = model.model_improved()  ->  {"ok": "model_improved"}
            dotted(t): called
            for n in mod.nodes
            if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Call)
            and (called := dotted(n.value.func).rpartition(".")[2]) in pending
            for t in n.targets
        }
        for name, body in scopes(mod):  # a guard called before a promotion: check(x) then register(x)
            for i, stmt in enumerate(body):
                call = stmt.value if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) else None
                called = dotted(call.func).rpartition(".")[2] if call is not None else ""
                if called in pending and _promotes(body[i + 1 :]):
                    where = f"{mod.path}:{mod.line(stmt)}"
                    who = f"{name}()" if name else "the module"
                    detail = f"{called}() rejects a failing model before {who} promotes it ({where})"
                    out.append(pending.pop(called).model_copy(update={"detail": detail}))
        for node in mod.nodes:
            if not isinstance(node, ast.If) or not _promotes([*node.body, *node.orelse]):
                continue
            used = {dotted(c.func).rpartition(".")[2] for c in ast.walk(node.test) if isinstance(c, ast.Call)}
            used |= {answers[dotted(n)] for n in ast.walk(node.test) if dotted(n) in answers}
            for name in used & set(pending):
                where = f"{mod.path}:{mod.line(node)}"
                out.append(
                    pending.pop(name).model_copy(update={"detail": f"{_pending_detail(name)} ({where})"})
                )
    return out


def _pending_detail(name: str) -> str:
    return f"{name}() compares metrics and a caller promotes the model only when it passes"


def _promotes(branches: list[ast.stmt]) -> bool:
    return any(PROMOTES.search(name.rpartition(".")[2]) for name, _ in calls_in(branches))


def _candidate(node: ast.AST) -> bool:
    if isinstance(node, ast.If):
        return bool(metric_comparisons(node.test))
    return isinstance(node, ast.Return) and isinstance(node.value, (ast.Compare, ast.BoolOp))


def _decision(node: ast.AST, scope: str, flags: set[str], scope_promotes: bool = False) -> str | None:
    if isinstance(node, ast.If):
        compare = metric_comparisons(node.test)
        if not compare:
            return None
        branches = [*node.body, *node.orelse]
        shown = f"if {source(compare[0], 70)}"
        if _promotes(branches):
            return f"metric comparison decides a promotion: {shown}"
        if any(isinstance(n, ast.Raise) for n in walk_scope(node.body)):
            if scope_promotes:
                return f"a metric guard rejects the model before it is promoted: {shown}"
            if scope:
                return f"{scope}() rejects the model on a metric comparison: {shown}"
        assigned = _assigned_flags(branches)
        if assigned & flags or any(FLAG_NAME.search(a) for a in assigned):
            return f"metric comparison sets the promotion flag: {shown}"
        if DECISION_NAME.search(scope) and _returns_bool(branches):
            return f"{scope}() decides on a metric comparison: {shown}"
    elif isinstance(node, ast.Return) and node.value is not None and DECISION_NAME.search(scope):
        compare = metric_comparisons(node.value)
        if compare and isinstance(node.value, (ast.Compare, ast.BoolOp)):
            return f"{scope}() decides on a metric comparison: return {source(compare[0], 70)}"
    return None


def _guarded_by_flags(body: list[ast.stmt]) -> set[str]:
    """Names tested by an ``if`` whose branch promotes a model (``if should_promote: model.set_stage()``)."""
    out: set[str] = set()
    for node in walk_scope(body):
        if not isinstance(node, ast.If) or not isinstance(node.test, (ast.Name, ast.UnaryOp, ast.Attribute)):
            continue
        if _promotes([*node.body, *node.orelse]):
            out.add(dotted(node.test.operand if isinstance(node.test, ast.UnaryOp) else node.test))
    return out


def _assigned_flags(branches: list[ast.stmt]) -> set[str]:
    out: set[str] = set()
    for node in walk_scope(branches):
        constant = isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        if constant and isinstance(node.value.value, (bool, int)):  # type: ignore[attr-defined]
            out.update(dotted(t) for t in node.targets if dotted(t))  # type: ignore[attr-defined]
    return out


def _returns_bool(branches: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, ast.Return) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, bool)
        for n in walk_scope(branches)
    )
