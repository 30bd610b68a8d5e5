"""Parsed Python, once per view: the one place where Python files and notebook code cells are parsed.

:func:`module` parses a ``.py`` file or a notebook (each code cell on its own, IPython magics dropped) with
``ast`` and indexes its calls with their keyword arguments and its imports. Node line numbers are lines
of the file itself (for a notebook: lines of the raw ``.ipynb`` text), so a detector quotes them as they
are. :func:`modules` gives the parsed files whose raw text contains a literal needle: the cheap whole-file
prefilter that keeps a scan linear (most files are never parsed). A file that does not parse is skipped;
hostile input (deep nesting, NUL bytes) never raises.
"""

from __future__ import annotations

import ast
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from maturity.scan.repo import RepoView

# cell magics whose body is Python; any other cell magic (%%bash, %%sql...) makes the cell not Python
_PY_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun", "%%debug", "%%skip", "%%local", "%%spark")
_CACHE: weakref.WeakKeyDictionary[RepoView, dict[str, PyModule | None]] = weakref.WeakKeyDictionary()


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
        for node in ast.walk(self.tree):
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
    """The parsed file (cached per view), or None when it is not Python that parses."""
    cache = _CACHE.setdefault(repo, {})
    if path not in cache:
        cache[path] = _parse(repo, path)
    return cache[path]


def modules(repo: RepoView, needles: Iterable[str], paths: Iterable[str] | None = None) -> list[PyModule]:
    """Parsed .py files and notebooks (or ``paths``) whose raw text holds one of the literal ``needles``."""
    wanted = tuple(needles)
    out: list[PyModule] = []
    for path in repo.with_suffix(".py", ".ipynb") if paths is None else paths:
        text = repo.text(path)
        if not text or not any(n in text for n in wanted):
            continue
        parsed = module(repo, path)
        if parsed is not None:
            out.append(parsed)
    return out


def _parse(repo: RepoView, path: str) -> PyModule | None:
    if path.lower().endswith(".ipynb"):
        chunks = _notebook_chunks(repo, path)
    else:
        text = repo.text(path)
        chunks = [(text, [])] if text else []
    body: list[ast.stmt] = []
    for code, lines in chunks:
        tree = _tree(code)
        if tree is None:
            continue
        if lines:
            _relocate(tree, lines)
        body.extend(tree.body)
    if not body:
        return None
    mod = PyModule(path, ast.Module(body=body, type_ignores=[]))
    _index(mod)
    return mod


def _tree(code: str) -> ast.Module | None:
    if "\0" in code:
        return None
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _relocate(tree: ast.Module, lines: list[int]) -> None:
    """Give nodes the lines of the raw file: ``lines[i]`` is the file line of code line ``i + 1``."""
    last = len(lines)
    for node in ast.walk(tree):
        n = getattr(node, "lineno", None)
        if isinstance(n, int):
            node.lineno = lines[min(max(n, 1), last) - 1]  # type: ignore[attr-defined]
            end = getattr(node, "end_lineno", None)
            if isinstance(end, int):
                node.end_lineno = lines[min(max(end, 1), last) - 1]  # type: ignore[attr-defined]


def _notebook_chunks(repo: RepoView, path: str) -> list[tuple[str, list[int]]]:
    """Each Python code cell's source (magics dropped) and the .ipynb line of each of its lines."""
    flat = repo.code_cells(path)
    nb = repo.json(path)
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    out: list[tuple[str, list[int]]] = []
    pos = 0
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        raw = cell.get("source", "")
        count = sum(isinstance(s, str) for s in raw) if isinstance(raw, list) else len(str(raw).splitlines())
        part, pos = flat[pos : pos + count], pos + count
        code = _python_lines([src for _, src in part])
        if code is not None:
            out.append(("\n".join(code), [n for n, _ in part]))
    return out


def _python_lines(src: list[str]) -> list[str] | None:
    """A cell's lines with IPython magics and shell escapes made inert, or None for a non-Python cell."""
    first = next((s.strip() for s in src if s.strip()), "")
    if first.startswith("%%"):
        magic = first.split()[0]
        writes_py = magic in ("%%writefile", "%%file") and first.rstrip().endswith(".py")
        if not writes_py and magic not in _PY_CELL_MAGICS:
            return None
    out: list[str] = []
    for s in src:
        stripped = s.lstrip()
        help_line = stripped.rstrip().endswith("?") and not stripped.startswith("#")
        if stripped.startswith(("%", "!")) or help_line:
            out.append(s[: len(s) - len(stripped)] + "pass")
        else:
            out.append(s)
    return out


def _index(mod: PyModule) -> None:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name:
                mod.calls.append(Call(name, node.lineno, node))
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
