"""What Python code a view holds: imports of .py files and notebook code cells, and notebook code lines.

Used by :class:`maturity.scan.repo.RepoView` (``imports``, ``code_cells``); kept apart so the view stays
about files.
"""

from __future__ import annotations

import json
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from maturity.scan.repo import RepoView

_IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<from>[A-Za-z_][\w.]*)[ \t]+import\b"
    r"|import[ \t]+(?P<names>[A-Za-z_][\w. \t,]*))",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement: the top-level module, the full dotted name, where it is."""

    top: str
    module: str
    path: str
    line: int


class Imports(Sequence[Import]):
    """The imports of one top-level module, stored as three columns (a 100,000-file monorepo holds
    hundreds of thousands of imports): :class:`Import` objects are made as they are read."""

    __slots__ = ("lines", "modules", "paths", "top")

    def __init__(self, top: str) -> None:
        self.top = top
        self.modules: list[str] = []
        self.paths: list[str] = []  # the view's own path strings
        self.lines = array("I")

    def add(self, module: str, path: str, line: int) -> None:
        self.modules.append(module)
        self.paths.append(path)
        self.lines.append(line)

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, i: int) -> Import: ...
    @overload
    def __getitem__(self, i: slice) -> list[Import]: ...
    def __getitem__(self, i: int | slice) -> Import | list[Import]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return Import(self.top, self.modules[i], self.paths[i], self.lines[i])

    def __iter__(self) -> Iterator[Import]:
        for module, path, line in self.rows():
            yield Import(self.top, module, path, line)

    def rows(self) -> Iterator[tuple[str, str, int]]:
        """(module, path, line) of each import, without making :class:`Import` objects."""
        return zip(self.modules, self.paths, self.lines, strict=True)


def index_imports(view: RepoView) -> dict[str, Imports]:
    """Every import in Python files and notebook code cells, by top-level module."""
    index: dict[str, Imports] = {}
    for path in view.with_suffix(".py"):
        text = view.text(path)
        if text and "import" in text:
            line, pos = 1, 0
            for m in _IMPORT_RE.finditer(text):
                line += text.count("\n", pos, m.start())
                pos = m.start()
                _add(index, m, path, line)
    for path in view.with_suffix(".ipynb"):
        for line, src in view.code_cells(path):
            found = _IMPORT_RE.match(src)
            if found:
                _add(index, found, path, line)
    return index


def _add(index: dict[str, Imports], m: re.Match[str], path: str, line: int) -> None:
    for module in _modules(m):
        module = sys.intern(module)  # the same few names in thousands of files: one string each
        top = module.partition(".")[0]
        found = index.get(top)
        if found is None:
            found = index[top] = Imports(sys.intern(top))
        found.add(module, path, line)


def notebook_code(raw: str, nb: Any) -> list[tuple[int, str]]:
    """Code-cell source lines of a parsed notebook, each with its line in the raw .ipynb text."""
    out: list[tuple[int, str]] = []
    cursor, line = 0, 1
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        src_lines = source if isinstance(source, list) else str(source).splitlines(True)
        for src in src_lines:
            if not isinstance(src, str):
                continue
            needle = json.dumps(src.rstrip("\n"))[1:-1]
            pos = raw.find(needle, cursor) if needle else -1
            if pos >= 0:
                line += raw.count("\n", cursor, pos)
                cursor = pos
            out.append((line if pos >= 0 else 1, src.rstrip("\n")))
    return out


def _modules(m: re.Match[str]) -> list[str]:
    if m.group("from"):
        return [m.group("from")]
    names = m.group("names") or ""
    if "," not in names and " " not in names.strip():
        return [names.strip()] if _NAME_RE.fullmatch(names.strip()) else []
    out = []
    for part in names.split(","):
        name = part.strip().split()[0] if part.strip() else ""
        if _NAME_RE.fullmatch(name):
            out.append(name)
    return out


_NAME_RE = re.compile(r"[A-Za-z_][\w.]*")
