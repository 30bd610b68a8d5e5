"""RepoView: the only way detectors touch the repository.

One listing (``git ls-files`` of tracked and untracked-not-ignored files in a git work tree, a walk
otherwise), cached and capped reads, cached parsed YAML/TOML/JSON, and a record of every file that
could not be read and why. Detectors never open files themselves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from maturity.scan.models import SkippedFile

MAX_BYTES = 2 * 1024 * 1024  # bytes read per file at most; larger files are read up to this cap
BINARY_SNIFF = 8192

# folders never scanned: environments, vendored code, build output, caches
EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "virtualenv", "node_modules",
        "vendor", "vendored", "third_party", "third-party", "site-packages", "dist", "build",
        "__pycache__", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache",
        ".ipynb_checkpoints", ".terraform", ".cache", "htmlcov", ".idea", ".vscode-test",
    }
)  # fmt: skip

# files outside a monorepo subfolder that still govern it (CI, hooks, lock files at the root)
GOVERNING_DIRS = (
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".buildkite/",
    ".azure-pipelines/",
    ".tekton/",
)

_IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<from>[A-Za-z_][\w.]*)[ \t]+import\b"
    r"|import[ \t]+(?P<names>[A-Za-z_][\w. \t,]*))",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Import:
    """One import statement: the top-level module, the full dotted name, where it is."""

    top: str
    module: str
    path: str
    line: int


@dataclass(frozen=True)
class Match:
    path: str
    line: int
    text: str


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Glob with ``**`` (any folders), ``*`` and ``?`` (within one path segment)."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


class RepoView:
    """A read-only, cached view of the files of one project."""

    def __init__(
        self,
        root: Path,
        files: Iterable[str],
        *,
        subdir: str | None = None,
        is_git: bool = False,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.root = root
        self.subdir = subdir
        self.is_git = is_git
        self.max_bytes = max_bytes
        self.files: list[str] = sorted(set(files))
        self.skipped: list[SkippedFile] = []
        self._text: dict[str, str | None] = {}
        self._parsed: dict[tuple[str, str], Any] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_suffix: dict[str, list[str]] = defaultdict(list)
        for f in self.files:
            name = f.rsplit("/", 1)[-1].lower()
            self._by_name[name].append(f)
            dot = name.rfind(".")
            if dot > 0:
                self._by_suffix[name[dot:]].append(f)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, exclude: Iterable[str] = ()) -> RepoView:
        """List the files of ``path``: through git when it is in a work tree, by a walk otherwise."""
        path = path.resolve()
        top = _git_toplevel(path)
        excludes = [glob_to_regex(p.rstrip("/")) for p in exclude]
        if top is not None:
            listed = _git_list(top)
            if listed is not None:
                subdir = None if top == path else path.relative_to(top).as_posix()
                files = [f for f in listed if _keep(f, subdir, excludes) and _inside(top, f)]
                return cls(top, files, subdir=subdir, is_git=True)
        files = [f for f in _walk(path) if _keep(f, None, excludes)]
        return cls(path, files)

    @classmethod
    def from_dict(cls, files: dict[str, str | bytes], root: Path | None = None) -> RepoView:
        """An in-memory view for tests and plugin authors: {path: content}."""
        view = cls(root or Path("/nonexistent"), files)
        for name, content in files.items():
            if isinstance(content, bytes):
                view._text[name] = None if b"\0" in content[:BINARY_SNIFF] else content.decode()
            else:
                view._text[name] = content
        return view

    # ---- finding files --------------------------------------------------------------------------
    def named(self, *names: str) -> list[str]:
        """Files whose base name is one of ``names`` (case-insensitive), anywhere."""
        out: list[str] = []
        for n in names:
            out.extend(self._by_name.get(n.lower(), ()))
        return sorted(out)

    def with_suffix(self, *suffixes: str) -> list[str]:
        """Files ending in one of ``suffixes`` (".py", ".ipynb"), case-insensitive."""
        out: list[str] = []
        for s in suffixes:
            out.extend(self._by_suffix.get(s.lower(), ()))
        return sorted(out)

    def glob(self, *patterns: str) -> list[str]:
        """Files matching any of the glob ``patterns`` (``**`` crosses folders), case-insensitive."""
        regexes = [glob_to_regex(p) for p in patterns]
        return [f for f in self.files if any(r.match(f) for r in regexes)]

    def exists(self, path: str) -> bool:
        return path in self._by_path

    @cached_property
    def _by_path(self) -> frozenset[str]:
        return frozenset(self.files)

    # ---- reading ---------------------------------------------------------------------------------
    def text(self, path: str) -> str | None:
        """The text of a file (capped at ``max_bytes``), or None if binary/unreadable (recorded)."""
        if path in self._text:
            return self._text[path]
        content: str | None = None
        try:
            with (self.root / path).open("rb") as fh:
                data = fh.read(self.max_bytes)
        except OSError as exc:
            self._skip(path, f"unreadable: {exc.strerror or exc}")
        else:
            if b"\0" in data[:BINARY_SNIFF]:
                self._skip(path, "binary file")
            else:
                content = data.decode("utf-8", errors="replace")
        self._text[path] = content
        return content

    def lines(self, path: str) -> list[str]:
        text = self.text(path)
        return text.splitlines() if text is not None else []

    def yaml(self, path: str) -> Any:
        """Parsed YAML (first document; safe loader), or None if unreadable or malformed (recorded)."""
        return self._parse(path, "yaml")

    def yaml_all(self, path: str) -> list[Any]:
        """All documents of a multi-document YAML file (Kubernetes manifests)."""
        result = self._parse(path, "yaml_all")
        return result if isinstance(result, list) else []

    def toml(self, path: str) -> dict[str, Any] | None:
        result = self._parse(path, "toml")
        return result if isinstance(result, dict) else None

    def json(self, path: str) -> Any:
        return self._parse(path, "json")

    def _parse(self, path: str, kind: str) -> Any:
        key = (path, kind)
        if key in self._parsed:
            return self._parsed[key]
        text = self.text(path)
        value: Any = None
        if text is not None:
            try:
                if kind == "yaml":
                    value = yaml.safe_load(text)
                elif kind == "yaml_all":
                    value = [d for d in yaml.safe_load_all(text) if d is not None]
                elif kind == "toml":
                    value = tomllib.loads(text)
                else:
                    value = json.loads(text)
            except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
                self._skip(path, f"malformed {kind.split('_')[0].upper()}: {_first_line(exc)}")
        self._parsed[key] = value
        return value

    def _skip(self, path: str, reason: str) -> None:
        self.skipped.append(SkippedFile(path=path, reason=reason))

    # ---- searching -------------------------------------------------------------------------------
    def search(self, pattern: str | re.Pattern[str], paths: Iterable[str]) -> Iterator[Match]:
        """Every match of a regex (MULTILINE) in ``paths``, with its line."""
        rx = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
        for path in paths:
            text = self.text(path)
            if not text:
                continue
            for m in rx.finditer(text):
                yield Match(path, line_of(text, m.start()), m.group(0).strip())

    def code_cells(self, path: str) -> list[tuple[int, str]]:
        """A notebook's code lines as (line in the .ipynb file, source line)."""
        key = (path, "cells")
        if key in self._parsed:
            return list(self._parsed[key])
        nb = self.json(path)
        out: list[tuple[int, str]] = []
        raw = self.text(path) or ""
        cursor = 0
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
                    cursor = pos
                out.append((line_of(raw, pos) if pos >= 0 else 1, src.rstrip("\n")))
        self._parsed[key] = out
        return out

    @cached_property
    def imports(self) -> dict[str, list[Import]]:
        """Every import in Python files and notebook code cells, by top-level module (read once)."""
        index: dict[str, list[Import]] = defaultdict(list)
        for path in self.with_suffix(".py"):
            text = self.text(path)
            if text and "import" in text:
                for m in _IMPORT_RE.finditer(text):
                    line = line_of(text, m.start())
                    for module in _modules(m):
                        index[module.split(".")[0]].append(Import(module.split(".")[0], module, path, line))
        for path in self.with_suffix(".ipynb"):
            for line, src in self.code_cells(path):
                found = _IMPORT_RE.match(src)
                if found:
                    for module in _modules(found):
                        index[module.split(".")[0]].append(Import(module.split(".")[0], module, path, line))
        return dict(index)


def _modules(m: re.Match[str]) -> list[str]:
    if m.group("from"):
        return [m.group("from")]
    names = m.group("names") or ""
    out = []
    for part in names.split(","):
        name = part.strip().split()[0] if part.strip() else ""
        if re.fullmatch(r"[A-Za-z_][\w.]*", name):
            out.append(name)
    return out


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _git_toplevel(path: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return Path(out.stdout.strip()).resolve()


def _git_list(top: Path) -> list[str] | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(top), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if out.returncode != 0:
        return None
    names = out.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return [n for n in dict.fromkeys(names) if n]


def _keep(path: str, subdir: str | None, excludes: list[re.Pattern[str]]) -> bool:
    parts = PurePosixPath(path).parts
    if any(p in EXCLUDED_DIRS or p.endswith(".egg-info") for p in parts[:-1]):
        return False
    if any(
        r.match(path) or any(r.match("/".join(parts[: i + 1])) for i in range(len(parts))) for r in excludes
    ):
        return False
    if subdir is None:
        return True
    return path.startswith(subdir + "/") or "/" not in path or path.startswith(GOVERNING_DIRS)


def _inside(top: Path, rel: str) -> bool:
    """False for symlinks that lead outside the repository, and for deleted files."""
    full = top / rel
    if not full.is_symlink():
        return True
    try:
        return full.resolve().is_relative_to(top) and full.resolve().is_file()
    except (OSError, RuntimeError):
        return False


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d not in EXCLUDED_DIRS and not d.endswith(".egg-info")]
        rel_dir = Path(dirpath).relative_to(root)
        for name in filenames:
            rel = (rel_dir / name).as_posix()
            if _inside(root, rel):
                yield rel
