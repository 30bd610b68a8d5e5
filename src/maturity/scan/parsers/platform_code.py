"""Python code (files and notebook code cells) read as calls and function definitions, with ``ast``.

Used by the platform detectors for SDK calls that declare operations (a Databricks serving endpoint, a
Cloud Function that submits a pipeline, an MLRun workflow schedule), and only when a caller's literal
prefilter matched a file's text. A .py file that parses is read through the tree
:mod:`~maturity.scan.parsers.pyast` parses for every detector. Otherwise notebook magics (``%``, ``!``) are
blanked; a line that still does not parse is blanked too (a few times at most), so one odd cell does not
hide the rest of the notebook.
"""

from __future__ import annotations

import ast
import re
import weakref
from dataclasses import dataclass, field

from maturity.scan.parsers import pyast
from maturity.scan.repo import RepoView

MAX_RETRIES = 20


@dataclass(frozen=True)
class Call:
    path: str
    line: int
    name: str  # the dotted callee: "w.serving_endpoints.create", "PipelineJob"
    node: ast.Call = field(compare=False)
    function: str = ""  # the enclosing function, if any

    @property
    def last(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def keyword(self, name: str) -> ast.expr | None:
        return next((k.value for k in self.node.keywords if k.arg == name), None)


@dataclass
class Module:
    path: str
    tree: ast.Module
    lines: list[int]  # parsed line -> line in the file

    def line(self, node: ast.AST) -> int:
        n = getattr(node, "lineno", 1)
        return self.lines[n - 1] if 0 < n <= len(self.lines) else n


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain (calls in the chain are kept as ``()``), else ''."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts)).replace(".()", "()")
        else:
            return ".".join(reversed(parts)).replace(".()", "()") if parts else ""


def _source(repo: RepoView, path: str) -> tuple[list[str], list[int]]:
    if path.lower().endswith(".ipynb"):
        cells = repo.code_cells(path)
        src = ["" if s.lstrip().startswith(("%", "!")) else s for _, s in cells]
        return src, [n for n, _ in cells]
    src = repo.lines(path)
    return src, list(range(1, len(src) + 1))


def _parse(repo: RepoView, path: str) -> Module | None:
    shared = _shared(repo, path)
    if shared is not None:
        return shared
    src, lines = _source(repo, path)
    for _ in range(MAX_RETRIES):
        try:
            return Module(path, ast.parse("\n".join(src)), lines)
        except SyntaxError as exc:
            bad = (exc.lineno or 0) - 1
            if not 0 <= bad < len(src) or not src[bad]:
                return None
            src[bad] = ""
        except (ValueError, RecursionError, MemoryError):
            return None
    return None


def _shared(repo: RepoView, path: str) -> Module | None:
    """A .py file's tree as :mod:`~maturity.scan.parsers.pyast` parsed it for every detector, when it is
    the tree this module would build (the file parses and its lines are the lines Python sees)."""
    if path.lower().endswith(".ipynb"):
        return None
    text = repo.text(path) or ""
    if _OTHER_BREAKS.search(text):
        return None
    mod = pyast.module(repo, path)
    if mod is None:
        return None
    return Module(path, mod.tree, list(range(1, len(text.splitlines()) + 1)))


# line breaks str.splitlines() sees and Python does not (a form feed is blank space to Python)
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CACHE: weakref.WeakKeyDictionary[RepoView, dict[str, Module | None]] = weakref.WeakKeyDictionary()
_CALLS: weakref.WeakKeyDictionary[RepoView, dict[str, list[Call]]] = weakref.WeakKeyDictionary()


def module(repo: RepoView, path: str) -> Module | None:
    """The parsed file (cached per view), or None when it is not Python."""
    cache = _CACHE.setdefault(repo, {})
    if path not in cache:
        cache[path] = _parse(repo, path)
    return cache[path]


def calls(repo: RepoView, path: str) -> list[Call]:
    """Every call of the file, with its dotted name and enclosing function (found once per view)."""
    cache = _CALLS.setdefault(repo, {})
    if path not in cache:
        cache[path] = _calls(repo, path)
    return list(cache[path])


def _calls(repo: RepoView, path: str) -> list[Call]:
    mod = module(repo, path)
    if mod is None:
        return []
    out: list[Call] = []
    stack: list[tuple[ast.AST, str]] = [(mod.tree, "")]
    while stack:
        node, func = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            func = node.name
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name:
                out.append(Call(path, mod.line(node), name, node, func))
        stack.extend((child, func) for child in ast.iter_child_nodes(node))
    return sorted(out, key=lambda c: c.line)


def candidates(repo: RepoView, *needles: str) -> list[str]:
    """Python files and notebooks whose text contains one of ``needles`` (the literal prefilter)."""
    out: list[str] = []
    for path in repo.with_suffix(".py", ".ipynb"):
        text = repo.text(path) or ""
        if any(n in text for n in needles):
            out.append(path)
    return out
