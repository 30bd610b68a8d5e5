"""AWS CDK in Python, read with ``ast`` into the AWS model.

Imports give each alias its module (``from aws_cdk import aws_events as events``), so ``events.Rule(...)``
is known to be an EventBridge rule whatever the alias. A construct's keyword arguments become its
properties (nested ``...Property(...)`` calls and dict literals become mappings). Each function is a scope:
what it constructs, plus what the repository functions it calls construct (followed three calls deep, by
name), so a pipeline built from actions returned by helper functions still has its actions. Calls that
receive a rule (``add_target``, a helper given the rule) are attached to it: they say what the rule starts.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from maturity.scan.parsers import pyast
from maturity.scan.parsers.aws.constructs import TRIGGER_KEYS, construct_type, is_cdk_module
from maturity.scan.parsers.aws.model import ACTION, ALARM, PIPELINE, RULE, Res, Scope, norm, render, truthy
from maturity.scan.repo import RepoView

PY = "AWS CDK (Python)"
MAX_TEXT = 2000
MAX_DEPTH = 3
MAX_DEFINITIONS = 4  # a helper name defined more often than this is too ambiguous to follow
_RULE_KEYS = frozenset({"target", "targets", "schedule", "eventpattern", "rulename"})
_STAGE_METHODS = frozenset({"add_stage", "add_application_stage", "add_wave"})


@dataclass
class _Func:
    path: str
    name: str
    own: list[Res] = field(default_factory=list)
    calls: set[str] = field(default_factory=set)


def scopes(repo: RepoView, paths: list[str]) -> Iterator[Scope]:
    """One scope per function (and module body) of the CDK Python files among ``paths``."""
    funcs: dict[str, _Func] = {}
    for path in paths:
        text = repo.text(path)
        if not text or "aws_cdk" not in text:
            continue
        mod = pyast.module(repo, path)  # parsed once per view, shared with the other detectors
        if mod is None:
            continue
        tree = mod.tree
        reader = _Reader(path, text, _aliases(tree))
        try:
            reader.visit(tree)
        except RecursionError:
            continue
        funcs.update(reader.funcs)
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, fn in funcs.items():
        by_name[fn.name].append(key)
    memo: dict[str, list[Res]] = {}
    for key, fn in funcs.items():
        contents = _contents(key, funcs, by_name, memo, 0)
        actions = [r for r in contents if r.type == ACTION]
        for pipeline in (r for r in fn.own if r.type == PIPELINE):
            pipeline.children = actions
        if contents:
            yield Scope(fn.path, PY, contents)


def _contents(
    key: str, funcs: dict[str, _Func], by_name: dict[str, list[str]], memo: dict[str, list[Res]], depth: int
) -> list[Res]:
    if key in memo:
        return memo[key]
    memo[key] = list(funcs[key].own)  # guards against recursion
    if depth < MAX_DEPTH:
        for name in sorted(funcs[key].calls):
            defs = by_name.get(name, [])
            if name.startswith("__") or len(defs) > MAX_DEFINITIONS:
                continue
            for other in defs:
                if other != key:
                    memo[key].extend(r for r in _contents(other, funcs, by_name, memo, depth + 1))
    memo[key] = list({id(r): r for r in memo[key]}.values())
    return memo[key]


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> dotted module or class path, for imports from ``aws_cdk``."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("aws_cdk"):
                    out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aws_cdk"):
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(dotted(node.func) + "()")
    return ".".join(reversed(parts))


def split_words(*parts: str) -> str:
    """Identifiers and names as lower-case words (``ModelBuildPipeline`` -> ``model build pipeline``)."""
    return " ".join(re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", p) for p in parts if p).lower()


def _names(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
    return out


def value(node: ast.expr, depth: int = 0) -> Any:
    """A keyword argument as data: constants, lists, dicts, ``...Property(...)`` as mappings, else text."""
    if depth > 30:
        return ast.unparse(node)[:MAX_TEXT]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [value(e, depth + 1) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {
            norm(k.value): value(v, depth + 1)
            for k, v in zip(node.keys, node.values, strict=False)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
    if isinstance(node, ast.Name):
        return {"ref": node.id}
    if isinstance(node, ast.Call):
        last = dotted(node.func).rsplit(".", 1)[-1]
        if last.endswith("Property") or last in ("dict", "EventPattern"):
            return {norm(k.arg): value(k.value, depth + 1) for k in node.keywords if k.arg}
        if last in ("from_object", "fromObject") and node.args:
            return value(node.args[0], depth + 1)
        if last in ("from_source_filename", "fromSourceFilename") and node.args:
            return {"buildspecfile": value(node.args[0], depth + 1)}
    return ast.unparse(node)[:MAX_TEXT]


class _Reader(ast.NodeVisitor):
    def __init__(self, path: str, text: str, aliases: dict[str, str]) -> None:
        self.path, self.text, self.aliases = path, text, aliases
        self.funcs: dict[str, _Func] = {}
        self.stack: list[str] = []
        self.classes: list[str] = []
        self.assigned: dict[int, set[str]] = {}
        self.current = self._func("<module>", "")

    def _func(self, qual: str, name: str) -> _Func:
        key = f"{self.path}::{qual}"
        self.funcs.setdefault(key, _Func(self.path, name))
        return self.funcs[key]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer = self.current
        self.stack.append(node.name)
        self.current = self._func(".".join(self.classes[-1:] + self.stack), node.name)
        self.generic_visit(node)
        self.stack.pop()
        self.current = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Call):
            names: set[str] = set()
            for t in node.targets:
                for e in t.elts if isinstance(t, ast.Tuple) else [t]:
                    names.update(_names(e) - {"self"})
            self.assigned[id(node.value)] = names
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = dotted(node.func)
        head, _, rest = name.partition(".")
        full = f"{self.aliases[head]}.{rest}".rstrip(".") if head in self.aliases else ""
        res = self._construct(node, full) if is_cdk_module(full) else self._method(node, name)
        if res is not None:
            res.names |= self.assigned.get(id(node), set())
            self.current.own.append(res)
        elif not full:
            self._attach(node, name)
            self.current.calls.add(name.rsplit(".", 1)[-1])
        self.generic_visit(node)

    def _construct(self, node: ast.Call, full: str) -> Res | None:
        parts = full.split(".")
        mod = next((i for i, p in enumerate(parts) if i and (p.startswith("aws_") or p == "pipelines")), None)
        if mod is None or mod + 1 >= len(parts) or any(p[:1].isupper() for p in parts[mod + 2 :]):
            return None  # not a construct class (a nested ...Property type, a module function)
        found = construct_type(parts[mod], parts[mod + 1])
        if found is None:
            return None
        res = self._res(node, found[0], parts[mod + 1])
        res.category, res.provider = found[1], found[2]
        if res.type == PIPELINE and parts[mod] == "pipelines":
            res.props["_cdkpipelines"] = True
        return res

    def _method(self, node: ast.Call, name: str) -> Res | None:
        """Rules from ``x.on_event(...)``, alarms from ``metric.create_alarm(...)``, CDK Pipelines stages."""
        receiver, _, method = name.rpartition(".")
        keys = {norm(k.arg) for k in node.keywords if k.arg}
        if receiver and method.startswith("on_") and keys & _RULE_KEYS:
            res = self._res(node, RULE, method)
            if "target" in res.props:
                res.props["targets"] = [res.props.pop("target")]
            res.props.setdefault("_event", method)
            return res
        if receiver and method == "create_alarm":
            res = self._res(node, ALARM, method)
            res.props.setdefault("metricname", receiver)
            return res
        if method in _STAGE_METHODS and any(
            r.type == PIPELINE and r.props.get("_cdkpipelines") and receiver.split(".")[-1] in r.names
            for r in self.current.own
        ):
            res = self._res(node, ACTION, method)
            inner = [a for a in ast.walk(node) if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            res.id = f"stage {inner[0].value!s}" if inner else "CDK Pipelines stage"
            res.category, res.provider = "Deploy", "CloudFormation"
            return res
        return None

    def _res(self, node: ast.Call, kind: str, cls: str) -> Res:
        props = {norm(k.arg): value(k.value) for k in node.keywords if k.arg}
        ids = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        label = props.get("actionname") or props.get("stagename") or props.get("name")
        ident = ids[0] if ids else label if isinstance(label, str) else cls
        named = [render(v) for k, v in props.items() if k.endswith(("name", "description"))]
        auto = all(truthy(props.get(k)) for k in TRIGGER_KEYS)
        return Res(
            type=kind,
            id=ident,
            path=self.path,
            line=node.lineno,
            props=props,
            source=PY,
            refs=_names(node) - {"self"},
            words=split_words(ident, *named, *self.classes[-1:], *self.stack[-1:]),
            text=ast.unparse(node)[:MAX_TEXT],
            automatic=auto,
        )

    def _attach(self, node: ast.Call, name: str) -> None:
        """A call given a rule (or called on one) says what the rule starts: keep its text on the rule."""
        used = {a.id for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, ast.Name)}
        used.update(name.split(".")[:-1])
        for rule in self.current.own:
            if rule.type == RULE and rule.names & used:
                rule.attached.append(ast.unparse(node)[:MAX_TEXT])
                rule.refs |= _names(node) - {"self"}
