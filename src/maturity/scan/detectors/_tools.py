"""Shared helpers for the ML-tool detectors: a table of tools and how strongly a repository uses each.

"Used" evidence is an import in non-test Python code or a notebook code cell, a call in such code,
or the tool's own config file. Weaker evidence (imported only in tests, declared as a dependency
but never imported) makes a practice ``partial`` with a reason. Comments, docstrings and Markdown
never count: code lines are read with comments and docstrings removed.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from maturity.scan.detectors._strings import code_match
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.requirements import declared
from maturity.scan.repo import RepoView

MAX_PROOFS = 6
_TRIPLE = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|''')")
_CODE_CACHE: weakref.WeakKeyDictionary[RepoView, dict[str, list[tuple[int, str]]]] = (
    weakref.WeakKeyDictionary()
)
_LINES_CACHE: weakref.WeakKeyDictionary[RepoView, dict[str, frozenset[int]]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Tool:
    """One library: import prefixes that prove use, PyPI names, config globs, calls stronger than imports.

    ``imports`` are dotted prefixes ("mlflow", "torch.utils.tensorboard"); an import of one of them in
    non-test code is use. ``calls`` is a regex searched in files importing ``scope`` (default: the tops
    of ``imports``); a call is the strongest evidence, and for tools with no ``imports`` the only one.
    """

    name: str
    imports: tuple[str, ...] = ()
    pypi: tuple[str, ...] = ()
    configs: tuple[str, ...] = ()
    calls: str | None = None
    scope: tuple[str, ...] = ()

    @classmethod
    def calling(cls, name: str, calls: str, *scope: str) -> Tool:
        """A tool proved only by calls, in files importing one of ``scope``."""
        return cls(name, calls=calls, scope=scope)

    @property
    def tops(self) -> tuple[str, ...]:
        return self.scope or tuple(dict.fromkeys(i.split(".")[0] for i in self.imports))


@dataclass
class Usage:
    """How one tool shows up in a repository."""

    tool: Tool
    calls: list[Proof] = field(default_factory=list)
    used: list[Proof] = field(default_factory=list)
    tests: list[Proof] = field(default_factory=list)
    declared: list[Proof] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome | None:
        if self.calls or self.used:
            return Outcome.present
        if self.tests or self.declared:
            return Outcome.partial
        return None

    @property
    def proofs(self) -> list[Proof]:
        strong = (self.calls + self.used)[:MAX_PROOFS]
        return strong or (self.tests + self.declared)[:MAX_PROOFS]

    @property
    def reason(self) -> str:
        name = self.tool.name
        if self.calls or self.used:
            return f"{name} is used ({_where(self.proofs[0])})"
        if self.tests:
            return f"{name} is used only in tests or docs ({_where(self.tests[0])})"
        if self.declared:
            return f"{name} is declared in {_where(self.declared[0])} but never imported"
        return f"{name} not found"


def _where(p: Proof) -> str:
    return f"{p.path}:{p.line}" if p.line else p.path


@functools.lru_cache(maxsize=1 << 18)
def is_test_path(path: str) -> bool:
    """Test code: under a tests/test folder, or test_*.py / *_test.py / conftest.py."""
    parts = path.lower().split("/")
    name = parts[-1] if parts else ""
    if any(p in ("tests", "test", "testing", "unittests", "integration_tests") for p in parts[:-1]):
        return True
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def is_weak_path(path: str) -> bool:
    """Code that shows no use by the project itself: tests, and documentation examples (docs/)."""
    first = path.split("/", 1)[0].lower()
    return is_test_path(path) or first in ("docs", "doc", "documentation")


def code_lines(repo: RepoView, path: str) -> list[tuple[int, str]]:
    """Code lines of a .py file or notebook code cells, without comments and docstrings (cached)."""
    cache = _CODE_CACHE.setdefault(repo, {})
    if path not in cache:
        if path.lower().endswith(".ipynb"):
            raw = repo.code_cells(path)
        else:
            raw = list(enumerate(repo.lines(path), start=1))
        cache[path] = _strip(raw)
    return cache[path]


def is_code_line(repo: RepoView, path: str, line: int) -> bool:
    """``line`` of ``path`` is code (not a comment or docstring): one set lookup, the set built once per
    file, so checking every import of a file stays linear in its size."""
    cache = _LINES_CACHE.setdefault(repo, {})
    if path not in cache:
        cache[path] = frozenset(n for n, _ in code_lines(repo, path))
    return line in cache[path]


def _strip(raw: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    delim: str | None = None
    for n, line in raw:
        if delim is not None:
            if delim in line:
                delim = None
            continue
        code = _drop_comment(line)
        m = _TRIPLE.search(code)
        if m:
            rest = code[m.end() :]
            if m.group(1) not in rest:
                delim = m.group(1)
            code = "" if code[: m.start()].strip() == "" else code[: m.start()]
        if code.strip():
            out.append((n, code))
    return out


def _drop_comment(line: str) -> str:
    if "#" not in line:
        return line
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def find_code(
    repo: RepoView, pattern: str | re.Pattern[str], paths: Iterable[str], needles: tuple[str, ...] = ()
) -> list[Proof]:
    """Matches of ``pattern`` in code lines (no comments or docstrings) of ``paths``, as proofs.

    ``needles``: a file whose raw text contains none of them is skipped without parsing (fast path).
    """
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    out: list[Proof] = []
    for path in paths:
        if needles and not any(n in (repo.text(path) or "") for n in needles):
            continue
        for n, line in code_lines(repo, path):
            if rx.search(line) and code_match(rx, line):  # the quote analysis only where the pattern is
                out.append(Proof(path=path, line=n, detector="", detail=line.strip()[:120]))
    return out


def find_text(
    repo: RepoView, pattern: str | re.Pattern[str], paths: Iterable[str], detector_id: str
) -> list[Proof]:
    """Matches in config/script files, skipping comment lines (``#`` or ``//``), as proofs."""
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    out: list[Proof] = []
    for path in paths:
        for n, line in enumerate(repo.lines(path), start=1):
            if rx.search(line) and not line.lstrip().startswith(("#", "//")):
                out.append(Proof(path=path, line=n, detector=detector_id, detail=line.strip()[:120]))
    return out


def importers(repo: RepoView, tops: Iterable[str]) -> list[str]:
    """Files (.py and notebooks) importing any of the top-level modules ``tops``."""
    found = {imp.path for t in tops for imp in repo.imports.get(t, ())}
    return sorted(found)


def code_files(repo: RepoView, *, tests: bool = False) -> list[str]:
    """Python files and notebooks, non-test ones (or only test ones with ``tests=True``)."""
    return [f for f in repo.with_suffix(".py", ".ipynb") if is_weak_path(f) == tests]


def usage(repo: RepoView, tool: Tool, detector_id: str) -> Usage:
    """Classify how ``tool`` appears: calls, imports and configs (used), test-only, declared-only."""
    u = Usage(tool)
    files = importers(repo, tool.tops)
    if tool.calls:
        code = [f for f in files if not is_weak_path(f)]
        u.calls = [_tag(p, detector_id, "call") for p in find_code(repo, tool.calls, code)]
    for prefix in tool.imports:
        for imp in repo.imports.get(prefix.split(".")[0], ()):
            if not (imp.module == prefix or imp.module.startswith(prefix + ".")):
                continue
            if not is_code_line(repo, imp.path, imp.line):
                continue
            proof = Proof(path=imp.path, line=imp.line, detector=detector_id, detail=f"import {imp.module}")
            (u.tests if is_weak_path(imp.path) else u.used).append(proof)
    if tool.calls and not tool.imports:
        test_files = [f for f in files if is_weak_path(f)]
        u.tests = [_tag(p, detector_id, "call in a test") for p in find_code(repo, tool.calls, test_files)]
    for f in repo.glob(*tool.configs) if tool.configs else ():
        u.used.append(Proof(path=f, line=None, detector=detector_id, detail=f"{tool.name} configuration"))
    names = set(tool.pypi)
    for dep in declared(repo).dependencies:
        if dep.name in names:
            detail = f"declares {dep.name}{dep.spec}"
            u.declared.append(Proof(path=dep.path, line=dep.line, detector=detector_id, detail=detail))
    return u


def _tag(p: Proof, detector_id: str, what: str) -> Proof:
    return p.model_copy(update={"detector": detector_id, "detail": f"{what}: {p.detail}"})


def tools_finding(
    repo: RepoView, practice: str, detector_id: str, tools: Iterable[Tool], absent: str | None
) -> Finding | None:
    """One finding for ``practice`` from a group of tools: present, partial, absent (or None)."""
    usages = [u for u in (usage(repo, t, detector_id) for t in tools) if u.outcome is not None]
    present = [u for u in usages if u.outcome is Outcome.present]
    chosen = present or usages
    if not chosen:
        if absent is None:
            return None
        return Finding(practice=practice, outcome=Outcome.absent, detector=detector_id, message=absent)
    proofs = [p for u in chosen for p in u.proofs]
    names = sorted(u.tool.name for u in chosen)
    return Finding(
        practice=practice,
        outcome=Outcome.present if present else Outcome.partial,
        detector=detector_id,
        evidence=proofs,
        message="; ".join(u.reason for u in chosen),
        details={f"{practice}_tools": names},
    )


def proof(path: str, line: int | None, detector_id: str, detail: str) -> Proof:
    return Proof(path=path, line=line, detector=detector_id, detail=detail)


def retag(proofs: Iterable[Proof], detector_id: str, what: str = "") -> list[Proof]:
    """Proofs from :func:`find_code` stamped with a detector id (and a prefix for the detail)."""
    prefix = f"{what}: " if what else ""
    return [p.model_copy(update={"detector": detector_id, "detail": prefix + p.detail}) for p in proofs]


_KIND_RE = re.compile(r"^kind:\s*['\"]?(\w+)['\"]?\s*$", re.MULTILINE)
_KIND_CACHE: weakref.WeakKeyDictionary[RepoView, dict[str, list[Proof]]] = weakref.WeakKeyDictionary()


def manifests(repo: RepoView, kind: str) -> list[Proof]:
    """YAML documents of a Kubernetes ``kind`` (``kind: Rollout`` at the top of a document)."""
    if repo not in _KIND_CACHE:
        index: dict[str, list[Proof]] = {}
        for path in repo.with_suffix(".yaml", ".yml"):
            text = repo.text(path) or ""
            if "kind:" not in text:
                continue
            for m in _KIND_RE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                index.setdefault(m.group(1), []).append(proof(path, line, "", f"kind: {m.group(1)}"))
        _KIND_CACHE[repo] = index
    return list(_KIND_CACHE[repo].get(kind, ()))
