"""RepoView: the only way detectors touch the repository.

One listing (``git ls-files`` of tracked and untracked-not-ignored files in a git work tree, a walk
otherwise), cached and capped reads, cached parsed YAML/TOML/JSON, and a record of every file that
could not be read and why. Detectors never open files themselves.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from maturity.scan.code_index import Imports, index_imports, notebook_code
from maturity.scan.listing import git_head, git_list, git_toplevel, glob_to_regex, keep, walk
from maturity.scan.models import SkippedFile
from maturity.scan.ondisk import Refused, existing, read_in_repo
from maturity.scan.parse import PARSE_ERRORS, decode, first_line, load, load_template
from maturity.scan.templates import generated_path

MAX_BYTES = 2 * 1024 * 1024  # bytes read per file at most; larger files are read up to this cap
NOTEBOOK_FACTOR = 16  # notebooks are read up to 16 x MAX_BYTES


@dataclass(frozen=True)
class Match:
    path: str
    line: int
    text: str


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
        self._base = str(root)
        self.subdir = subdir
        self.is_git = is_git
        self.max_bytes = max_bytes
        listed = set(files)
        # a template file is listed as the file it generates (``train.py.tmpl`` as ``train.py``, unless a
        # ``train.py`` sits beside it) and read from disk under its own name; proofs name the file on disk
        self.on_disk: dict[str, str] = {}
        for f in listed:
            generated = generated_path(f)
            if generated != f and generated not in listed:
                self.on_disk[generated] = f
        self.files: list[str] = sorted((listed - set(self.on_disk.values())) | set(self.on_disk))
        self.skipped: list[SkippedFile] = []
        self.templated: set[str] = set()  # configs parsed with template tags neutralised
        self._text: dict[str, str | None] = {}
        self._parsed: dict[tuple[str, str], Any] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_suffix: dict[str, list[str]] = defaultdict(list)
        self._globs: dict[tuple[str, ...], list[str]] = {}
        # work done for the detectors (paths handed out, texts asked for, lines examined...): what the
        # linearity tests count, so a detector looping over the repository per file cannot hide
        self.work: Counter[str] = Counter()
        for f in self.files:
            name = f.rsplit("/", 1)[-1].lower()
            self._by_name[name].append(f)
            dot = name.rfind(".")
            if dot > 0:
                self._by_suffix[name[dot:]].append(f)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, exclude: Iterable[str] = ()) -> RepoView:
        """List the files of ``path``: through git when it is in a work tree, by a walk otherwise.

        Symlinks that leave the repository, point at folders or loop are listed in ``skipped``.
        """
        path = path.resolve()
        top = git_toplevel(path)
        excludes = [glob_to_regex(p.rstrip("/")) for p in exclude]
        skipped: list[SkippedFile] = []
        listed = git_list(top) if top is not None else None
        if top is not None and listed is not None:
            subdir = None if top == path else path.relative_to(top).as_posix()
            kept = [f for f in listed[0] if keep(f, subdir, excludes)]
            view = cls(top, existing(top, kept, skipped, listed[1]), subdir=subdir, is_git=True)
        else:
            kept = [f for f in walk(path, skipped) if keep(f, None, excludes)]
            view = cls(path, existing(path, kept, skipped))
        view.skipped.extend(skipped)
        return view

    @classmethod
    def from_dict(cls, files: dict[str, str | bytes], root: Path | None = None) -> RepoView:
        """An in-memory view for tests and plugin authors: {path: content}."""
        view = cls(root or Path("/nonexistent"), files)
        listed_as = {f: g for g, f in view.on_disk.items()}
        for name, content in files.items():
            view._text[listed_as.get(name, name)] = decode(content) if isinstance(content, bytes) else content
        return view

    # ---- finding files --------------------------------------------------------------------------
    def named(self, *names: str) -> list[str]:
        """Files whose base name is one of ``names`` (case-insensitive), anywhere."""
        out: list[str] = []
        for n in names:
            out.extend(self._by_name.get(n.lower(), ()))
        self.work["paths listed"] += len(out)
        return sorted(out)

    def with_suffix(self, *suffixes: str) -> list[str]:
        """Files ending in one of ``suffixes`` (".py", ".ipynb"), case-insensitive."""
        out: list[str] = []
        for s in suffixes:
            out.extend(self._by_suffix.get(s.lower(), ()))
        self.work["paths listed"] += len(out)
        return sorted(out)

    def glob(self, *patterns: str) -> list[str]:
        """Files matching any of the glob ``patterns`` (``**`` crosses folders), case-insensitive (cached)."""
        if patterns not in self._globs:
            found: set[str] = set()
            for pattern in patterns:
                rx = glob_to_regex(pattern)
                found.update(f for f in self._candidates(pattern) if rx.match(f))
            self._globs[patterns] = sorted(found)
        self.work["paths listed"] += len(self._globs[patterns])
        return list(self._globs[patterns])

    def _candidates(self, pattern: str) -> list[str]:
        """A superset of the files ``pattern`` can match, from the name/suffix/folder indexes."""
        wild = re.search(r"[*?\[]", pattern)
        if wild is None:
            return [
                f
                for f in self._by_name.get(pattern.rsplit("/", 1)[-1].lower(), ())
                if f.lower() == pattern.lower()
            ]
        last = pattern.rsplit("/", 1)[-1].lower()
        if pattern.startswith("**/") and not re.search(r"[*?\[]", last):
            return self._by_name.get(last, [])
        dot = last.rfind(".")
        if dot >= 0 and not re.search(r"[*?\[]", last[dot:]):
            return self._by_suffix.get(last[dot:], [])
        prefix = pattern[: wild.start()].rsplit("/", 1)[0] + "/" if "/" in pattern[: wild.start()] else ""
        if prefix:
            lower = prefix.lower()
            keys, files = self._lower_sorted
            out = []
            for i in range(bisect.bisect_left(keys, lower), len(keys)):
                if not keys[i].startswith(lower):
                    break
                out.append(files[i])
            return out
        return self.files

    @cached_property
    def _lower_sorted(self) -> tuple[list[str], list[str]]:
        """The lower-cased paths in order, and the paths they stand for (a lower-case path is shared)."""
        files = sorted(self.files, key=str.lower)
        keys = []
        for f in files:
            low = f.lower()
            keys.append(f if low == f else low)
        return keys, files

    def exists(self, path: str) -> bool:
        return path in self._by_path

    @cached_property
    def _by_path(self) -> frozenset[str]:
        return frozenset(self.files)

    # ---- reading ---------------------------------------------------------------------------------
    def text(self, path: str) -> str | None:
        """The text of a file (capped at ``max_bytes``), or None if binary/unreadable (recorded)."""
        self.work["texts asked"] += 1
        if path in self._text:
            return self._text[path]
        self.work["files read"] += 1
        content: str | None = None
        # notebooks carry outputs (images): their code cells need the whole JSON
        cap = self.max_bytes * NOTEBOOK_FACTOR if path.lower().endswith(".ipynb") else self.max_bytes
        try:
            data = read_in_repo(self._base, self.real_path(path), cap)
        except Refused as exc:
            self._skip(path, str(exc))
        except OSError as exc:
            self._skip(path, f"unreadable: {exc.strerror or exc}")
        else:
            if len(data) > cap:
                data = data[:cap]
                self._skip(path, f"larger than {cap} bytes: only the first {cap} read")
            content = decode(data)
            if content is None:
                self._skip(path, "binary file")
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

    def yaml_located(self, path: str) -> list[Any]:
        """All documents with line numbers: scalars are :class:`LStr` (CI configs need the line)."""
        result = self._parse(path, "yaml_located")
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
                value = load(text, kind)
            except PARSE_ERRORS as exc:
                # a template (cookiecutter/Jinja, Go templates) is read as the file it generates
                value = load_template(text, kind)
                if value is not None:
                    self.templated.add(self.real_path(path))
                else:
                    self._skip(path, f"malformed {kind.split('_')[0].upper()}: {first_line(exc)}")
                    value = [] if kind in ("yaml_all", "yaml_located") else None
        self._parsed[key] = value
        return value

    def real_path(self, path: str) -> str:
        """The file on disk behind a listed path (a template's ``train.py.tmpl`` for ``train.py``)."""
        return self.on_disk.get(path, path)

    def _skip(self, path: str, reason: str) -> None:
        path = self.real_path(path)
        if not any(s.path == path and s.reason == reason for s in self.skipped):
            self.skipped.append(SkippedFile(path=path, reason=reason))

    # ---- searching -------------------------------------------------------------------------------
    def search(self, pattern: str | re.Pattern[str], paths: Iterable[str]) -> Iterator[Match]:
        """Every match of a regex (MULTILINE) in ``paths``, with its line."""
        rx = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
        for path in paths:
            text = self.text(path)
            if not text:
                continue
            line, pos = 1, 0
            for m in rx.finditer(text):
                line, pos = line + text.count("\n", pos, m.start()), m.start()
                yield Match(path, line, m.group(0).strip())

    def code_cells(self, path: str) -> list[tuple[int, str]]:
        """A notebook's code lines as (line in the .ipynb file, source line)."""
        key = (path, "cells")
        if key not in self._parsed:
            self._parsed[key] = notebook_code(self.text(path) or "", self.json(path))
        return list(self._parsed[key])

    @cached_property
    def head(self) -> str | None:
        """The commit HEAD points at, or None (not git, or a repository without commits)."""
        return git_head(self.root) if self.is_git else None

    @cached_property
    def imports(self) -> dict[str, Imports]:
        """Every import in Python files and notebook code cells, by top-level module (read once)."""
        return index_imports(self)
