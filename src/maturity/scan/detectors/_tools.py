"""Shared helpers for the ML-tool detectors: a table of tools and how strongly a repository uses each.

"Used" evidence is an import in non-test Python code or a notebook code cell, a call in such code,
or the tool's own config file. Weaker evidence (imported only in tests, declared as a dependency
but never imported) makes a practice ``partial`` with a reason. Comments, docstrings and Markdown
never count: code lines are read with comments and docstrings removed.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from maturity.scan.detectors._codesearch import code_lines as code_lines
from maturity.scan.detectors._codesearch import find_code as find_code
from maturity.scan.detectors._codesearch import import_is_code, text_lines
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.requirements import declared
from maturity.scan.repo import RepoView

MAX_PROOFS = 6


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


def is_test_path(path: str) -> bool:
    """Test code: under a tests/test folder, or test_*.py / *_test.py / conftest.py."""
    lower = path.lower()
    if "test" not in lower:  # every test folder and file name holds it
        return False
    parts = lower.split("/")
    name = parts[-1]
    if any(p in ("tests", "test", "testing", "unittests", "integration_tests") for p in parts[:-1]):
        return True
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def is_weak_path(path: str) -> bool:
    """Code that shows no use by the project itself: tests, and documentation examples (docs/)."""
    first = path.split("/", 1)[0].lower()
    return is_test_path(path) or first in ("docs", "doc", "documentation")


def find_text(
    repo: RepoView, pattern: str | re.Pattern[str], paths: Iterable[str], detector_id: str
) -> list[Proof]:
    """Matches in config/script files, skipping comment lines (``#`` or ``//``), as proofs."""
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    out: list[Proof] = []
    for path in paths:
        for n, line in text_lines(repo, rx, path):
            if not line.lstrip().startswith(("#", "//")):
                out.append(Proof(path=path, line=n, detector=detector_id, detail=line.strip()[:120]))
    return out


def importers(repo: RepoView, tops: Iterable[str]) -> list[str]:
    """Files (.py and notebooks) importing any of the top-level modules ``tops``."""
    found: set[str] = set()
    for t in tops:
        imports = repo.imports.get(t)
        if imports is not None:
            found.update(imports.paths)
    return sorted(found)


def code_files(repo: RepoView, *, tests: bool = False) -> list[str]:
    """Python files and notebooks, non-test ones (or only test ones with ``tests=True``)."""
    return [f for f in repo.with_suffix(".py", ".ipynb") if is_weak_path(f) == tests]


def usage(repo: RepoView, tool: Tool, detector_id: str) -> Usage:
    """Classify how ``tool`` appears: calls, imports and configs (used), test-only, declared-only.

    Each kind keeps its first :data:`MAX_PROOFS` proofs only (all a finding shows): a tool imported by
    every file of a monorepo is not searched to the end.
    """
    u = Usage(tool)
    files = importers(repo, tool.tops)
    if tool.calls:
        code = [f for f in files if not is_weak_path(f)]
        u.calls = [_tag(p, detector_id, "call") for p in find_code(repo, tool.calls, code, limit=MAX_PROOFS)]
    _imports(repo, tool, detector_id, u)
    if tool.calls and not tool.imports:
        test_files = [f for f in files if is_weak_path(f)]
        found = find_code(repo, tool.calls, test_files, limit=MAX_PROOFS)
        u.tests = [_tag(p, detector_id, "call in a test") for p in found]
    for f in repo.glob(*tool.configs) if tool.configs else ():
        u.used.append(Proof(path=f, line=None, detector=detector_id, detail=f"{tool.name} configuration"))
    names = set(tool.pypi)
    for dep in declared(repo).dependencies:
        if dep.name in names:
            detail = f"declares {dep.name}{dep.spec}"
            u.declared.append(Proof(path=dep.path, line=dep.line, detector=detector_id, detail=detail))
    return u


def _imports(repo: RepoView, tool: Tool, detector_id: str, u: Usage) -> None:
    """The tool's imports in code (used) and in tests or docs, the first :data:`MAX_PROOFS` of each."""
    for prefix in tool.imports:
        imports = repo.imports.get(prefix.split(".")[0])
        for module, path, line in imports.rows() if imports is not None else ():
            kept = u.tests if is_weak_path(path) else u.used
            if len(kept) >= MAX_PROOFS:
                if len(u.tests) >= MAX_PROOFS and len(u.used) >= MAX_PROOFS:
                    return
                continue
            if not (module == prefix or module.startswith(prefix + ".")):
                continue
            if not import_is_code(repo, path, line):
                continue
            kept.append(Proof(path=path, line=line, detector=detector_id, detail=f"import {module}"))


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
