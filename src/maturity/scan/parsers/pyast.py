"""Parsed Python, once per view: the one place where Python files and notebook code cells are parsed.

:func:`module` parses a ``.py`` file or a notebook (its code cells joined, IPython magics made inert; a
cell that does not parse is dropped) with ``ast`` and indexes its calls with their keyword arguments and
its imports. ``PyModule.line(node)`` is a node's line in the file itself (for a notebook: in the raw
``.ipynb`` text), the line a proof quotes. :func:`modules` gives the parsed files whose code contains a
literal needle: the cheap whole-file prefilter that keeps a scan linear (most files are never parsed). A
file that does not parse is skipped; hostile input (deep nesting, NUL bytes) never raises.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from maturity.scan.repo import RepoView
from maturity.scan.viewcache import For, PerView

# cell magics whose body is Python; any other cell magic (%%bash, %%sql...) makes the cell not Python
_PY_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun", "%%debug", "%%skip", "%%local", "%%spark")
_MAGIC_ASSIGN = re.compile(r"^(\s*[\w.,\[\] ]+=\s*)[!%]")
_EMPTY = ast.Module(body=[], type_ignores=[])
MAX_NODES = 400_000  # tree nodes kept per view (about 40 MB)
DATABRICKS_NOTEBOOK = "# Databricks notebook source"  # first line of a notebook exported as a .py file
_TREES: For[_Trees] = For(lambda: _Trees())


@dataclass(frozen=True)
class Call:
    """One call: the callee as written (``mlflow.register_model``, ``self.model.fit``), its line, the node."""

    name: str
    line: int
    node: ast.Call

    @property
    def last(self) -> str:
        """The called name without its receiver: ``fit`` for ``self.model.fit``."""
        return self.name.rpartition(".")[2]

    @property
    def receiver(self) -> str:
        """What the call is made on: ``self.model`` for ``self.model.fit`` ('' for a bare name)."""
        return self.name.rpartition(".")[0]

    def kw(self, key: str) -> ast.expr | None:
        """The value of keyword argument ``key``, or None."""
        return next((k.value for k in self.node.keywords if k.arg == key), None)

    def arg(self, index: int, key: str | None = None) -> ast.expr | None:
        """Positional argument ``index``, else keyword ``key``."""
        args = self.node.args
        if index < len(args) and not isinstance(args[index], ast.Starred):
            return args[index]
        return self.kw(key) if key else None

    def text(self, limit: int = 100) -> str:
        """The call's source on one line, cut at ``limit`` characters."""
        return source(self.node, limit)


@dataclass
class PyModule:
    """A parsed file: the tree (lines of the file itself), its calls, imported names (local name -> dotted
    origin) and imported modules."""

    path: str
    tree: ast.Module
    calls: list[Call] = field(default_factory=list)
    imports: dict[str, str] = field(default_factory=dict)
    imported: set[str] = field(default_factory=set)
    lines: list[int] = field(default_factory=list)
    nodes: list[ast.AST] = field(default_factory=list)  # every node of the tree, walked once

    def line(self, node: ast.AST) -> int:
        """The file line of a node (for a notebook: its line in the raw .ipynb text)."""
        n = getattr(node, "lineno", 1)
        if not self.lines:
            return int(n)
        return self.lines[min(max(int(n), 1), len(self.lines)) - 1]

    def named(self, *names: str) -> list[Call]:
        """Calls whose called name (without receiver) is one of ``names``."""
        return [c for c in self.calls if c.last in names]

    def origin(self, call: Call) -> str:
        """The call's dotted name with its first part resolved through the imports (``dsl.Condition`` ->
        ``kfp.dsl.Condition``)."""
        head, _, rest = call.name.partition(".")
        full = self.imports.get(head, head)
        return f"{full}.{rest}" if rest else full

    def imports_any(self, *prefixes: str) -> bool:
        """Whether the module imports anything from one of the dotted ``prefixes``."""
        return any(m == p or m.startswith(p + ".") for m in self.imported for p in prefixes)

    def functions(self) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        for node in self.nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield node


def dotted(node: ast.AST | None) -> str:
    """``a.b.c`` for a Name/Attribute chain (calls and subscripts in between are skipped), else ''."""
    parts: list[str] = []
    while node is not None:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        elif isinstance(node, (ast.Call, ast.Subscript)):
            node = node.func if isinstance(node, ast.Call) else node.value
        else:
            return ".".join(reversed(parts)) if parts else ""
    return ".".join(reversed(parts))


def source(node: ast.AST, limit: int = 100) -> str:
    """A node's source on one line, cut at ``limit`` characters."""
    try:
        text = " ".join(ast.unparse(node).split())
    except (ValueError, RecursionError, AttributeError):  # pragma: no cover - unparse of a parsed tree
        return ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def module(repo: RepoView, path: str) -> PyModule | None:
    """The parsed file, or None when it is not Python that parses.

    Parsed files are kept per view up to :data:`MAX_NODES` tree nodes in all; beyond that the least
    recently asked for are dropped (and parsed again if asked for again), so a monorepo's trees do not
    all stay in memory.
    """
    trees = _TREES.of(repo)
    if path in trees.parsed:
        mod = trees.parsed.pop(path)
        trees.parsed[path] = mod  # most recently used last
        return mod
    mod = _parse(path, _source(repo, path))
    trees.keep(path, mod)
    return mod


class _Trees:
    """Parsed files of one view, least recently used first, and how many nodes they hold."""

    def __init__(self) -> None:
        self.parsed: dict[str, PyModule | None] = {}
        self.nodes = 0

    def keep(self, path: str, mod: PyModule | None) -> None:
        self.parsed[path] = mod
        self.nodes += len(mod.nodes) if mod is not None else 0
        while self.nodes > MAX_NODES and len(self.parsed) > 1:
            dropped = self.parsed.pop(next(iter(self.parsed)))
            self.nodes -= len(dropped.nodes) if dropped is not None else 0


def modules(
    repo: RepoView, needles: Iterable[str], paths: Iterable[str] | None = None, also: Iterable[str] = ()
) -> list[PyModule]:
    """Parsed .py files and notebooks (or ``paths``) whose code holds one of the literal ``needles``
    (a notebook's code cells, not its outputs or Markdown) and, when given, one of ``also``."""
    return list(iter_modules(repo, needles, paths, also))


def iter_modules(
    repo: RepoView, needles: Iterable[str], paths: Iterable[str] | None = None, also: Iterable[str] = ()
) -> Iterator[PyModule]:
    """:func:`modules`, parsed one at a time (a detector that has enough proofs stops parsing)."""
    wanted, more = tuple(needles), tuple(also)
    for path in repo.with_suffix(".py", ".ipynb") if paths is None else paths:
        code = code_text(repo, path)
        if code and any(n in code for n in wanted) and (not more or any(n in code for n in more)):
            parsed = module(repo, path)
            if parsed is not None:
                yield parsed


def code_text(repo: RepoView, path: str) -> str:
    """The Python code of a file: the text of a .py file, the code cells of a notebook (cached)."""
    if path.endswith(".py"):
        return repo.text(path) or ""
    return _source(repo, path).text


@dataclass
class _Source:
    """Code text, the file line of each of its lines (notebooks), and each Python cell's (start, end)."""

    text: str
    lines: list[int] = field(default_factory=list)
    cells: list[tuple[int, int]] = field(default_factory=list)


_SOURCES: PerView[str, _Source] = PerView()


def _source(repo: RepoView, path: str) -> _Source:
    """A notebook's code (kept: it is built from the cells), or a file's text (the view keeps it)."""
    if not path.lower().endswith(".ipynb"):
        return _Source(repo.text(path) or "")
    cache = _SOURCES.of(repo)
    if path not in cache:
        cache[path] = _notebook_source(repo, path)
    return cache[path]


def _parse(path: str, src: _Source) -> PyModule | None:
    if not src.text.strip() or "\0" in src.text:
        return None
    tree = _tree(src.text)
    if tree is None and src.cells:  # one broken cell: parse the others alone, at their own lines
        code = src.text.split("\n")
        body = [
            stmt
            for start, end in src.cells
            for stmt in (_tree("\n" * start + "\n".join(code[start:end])) or _EMPTY).body
        ]
        tree = ast.Module(body=body, type_ignores=[]) if body else None
    if tree is None and not src.cells:
        tree = _tree(_as_python(src.text))
    if tree is None:
        return None
    mod = PyModule(path, tree, lines=src.lines)
    _index(mod)
    return mod


def _as_python(text: str) -> str:
    """The Python a file stands for when it does not parse as it is: a template of a .py file with its
    tags neutralised (``{{ .model_name }}``, ``{% if %}``), a Databricks source notebook with its IPython
    magics made inert (``%cd``, ``!pip``). Lines never move."""
    from maturity.scan.templates import has_template_tags, neutralise

    if has_template_tags(text):
        text = neutralise(text)
    if text.startswith(DATABRICKS_NOTEBOOK):
        lines = _python_lines(text.split("\n"))
        if lines is not None:
            text = "\n".join(lines)
    return text


def _tree(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _notebook_source(repo: RepoView, path: str) -> _Source:
    """A notebook's Python code cells joined (magics made inert, other cells blank), with line numbers."""
    flat = repo.code_cells(path)
    nb = repo.json(path)
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    out = _Source("")
    code: list[str] = []
    pos = 0
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        raw = cell.get("source", "")
        count = sum(isinstance(s, str) for s in raw) if isinstance(raw, list) else len(str(raw).splitlines())
        part, pos = flat[pos : pos + count], pos + count
        lines = _python_lines([src for _, src in part])
        if lines is not None:
            out.cells.append((len(code), len(code) + len(lines)))
        code.extend(lines if lines is not None else [""] * len(part))
        out.lines.extend(n for n, _ in part)
    out.text = "\n".join(code)
    return out


def _python_lines(src: list[str]) -> list[str] | None:
    """A cell's lines with IPython magics and shell escapes made inert, or None for a non-Python cell.

    ``!cmd``/``%magic`` lines (and their ``\\`` continuations) become ``pass``, ``x = !cmd`` becomes
    ``x = None``; the line count never changes, so line numbers stay true.
    """
    first = next((s.strip() for s in src if s.strip()), "")
    if first.startswith("%%"):
        cell_magic = first.split()[0]
        writes_py = cell_magic in ("%%writefile", "%%file") and first.rstrip().endswith(".py")
        if not writes_py and cell_magic not in _PY_CELL_MAGICS:
            return None
    out: list[str] = []
    shell: str | None = None  # the indentation of a shell line continued with a backslash
    for s in src:
        stripped = s.lstrip()
        indent = s[: len(s) - len(stripped)] if shell is None else shell
        assigned = _MAGIC_ASSIGN.match(s) if shell is None else None
        magic = shell is not None or stripped.startswith(("%", "!", "?"))
        if magic or (stripped.rstrip().endswith("?") and stripped[:1] != "#"):
            out.append(indent + "pass")
        elif assigned:
            out.append(assigned.group(1) + "None")
        else:
            out.append(s)
        continued = (magic or assigned is not None) and s.rstrip().endswith("\\")
        shell = indent if continued else None
    return out


def _walk(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` in the order of :func:`ast.walk` (breadth first), without its generators."""
    nodes = [tree]
    i = 0
    while i < len(nodes):
        node = nodes[i]
        i += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                nodes.append(value)
            elif isinstance(value, list):
                nodes.extend(v for v in value if isinstance(v, ast.AST))
    return nodes


def _index(mod: PyModule) -> None:
    mod.nodes = _walk(mod.tree)
    for node in mod.nodes:
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name:
                mod.calls.append(Call(name, mod.line(node), node))
        elif isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.partition(".")[0]
                mod.imports[a.asname or top] = a.name if a.asname else top
                mod.imported.add(a.name)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            mod.imported.add(node.module)
            for a in node.names:
                mod.imports[a.asname or a.name] = f"{node.module}.{a.name}"
    mod.calls.sort(key=lambda c: c.line)
