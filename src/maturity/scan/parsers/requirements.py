"""Declared Python dependencies and lock files, from every common manifest format.

Reads requirements*.txt (with ``-r`` includes), pyproject.toml (PEP 621, Poetry, PDM, uv dependency
groups), setup.cfg, setup.py (``install_requires`` by regex), Pipfile and conda environment files
(any YAML shaped like one, see :mod:`conda_env`).
Each dependency has a PEP 503 normalised name, its specifier, where it is declared and whether it is
pinned (``==``/``===``, or a lock file next to the manifest covers it).
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from maturity.scan.parsers import conda_env
from maturity.scan.repo import RepoView

LOCK_FILES = (
    "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pixi.lock", "conda-lock.yml", "conda-lock.yaml",
)  # fmt: skip
# which lock files cover which manifest, when they sit in the same folder
_COVERS = {
    "pyproject.toml": ("poetry.lock", "uv.lock", "pdm.lock", "pixi.lock", "requirements.lock"),
    "Pipfile": ("Pipfile.lock",),
}
_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_CACHE: weakref.WeakKeyDictionary[RepoView, Declarations] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Dependency:
    name: str
    spec: str
    path: str
    line: int | None
    pinned: bool


@dataclass
class Declarations:
    dependencies: list[Dependency] = field(default_factory=list)
    lock_files: list[str] = field(default_factory=list)
    read: set[str] = field(default_factory=set)


def normalise(name: str) -> str:
    """PEP 503: lowercase, runs of -_. become one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> tuple[str, str] | None:
    """``name[extras] spec ; marker`` -> (normalised name, spec) or None for options, URLs, paths."""
    text = text.split(" #", 1)[0].split(";", 1)[0].strip()
    if not text or text.startswith(("-", "#", ".", "/", "git+", "http:", "https:", "file:")):
        return None
    if " @ " in text:
        name = text.split(" @ ", 1)[0].split("[", 1)[0].strip()
        return (normalise(name), "@ url") if re.fullmatch(r"[A-Za-z0-9._-]+", name) else None
    m = _REQ.match(text)
    if not m:
        return None
    return normalise(m.group(1)), m.group(3).strip()


def is_pinned(spec: str) -> bool:
    s = spec.strip()
    return (s.startswith("==") and "*" not in s and "," not in s) or s.startswith("===") or s == "@ url"


def declared(repo: RepoView) -> Declarations:
    """Every declared dependency and lock file of the repository (parsed once per RepoView)."""
    if repo in _CACHE:
        return _CACHE[repo]
    out = Declarations(lock_files=repo.named(*LOCK_FILES) + repo.glob("**/requirements*.lock"))
    for path in repo.glob("**/requirements*.txt", "**/requirements/*.txt", "**/*requirements.txt"):
        if path not in out.read:
            out.read.add(path)
            _requirements(repo, path, out, hashed_locks=True)
    for path in repo.named("pyproject.toml"):
        _pyproject(repo, path, out)
    for path in repo.named("setup.cfg"):
        _setup_cfg(repo, path, out)
    for path in repo.named("setup.py"):
        _setup_py(repo, path, out)
    for path in repo.named("Pipfile"):
        _pipfile(repo, path, out)
    for path in conda_env.env_files(repo):
        _conda(repo, path, out)
    out.dependencies = _dedupe(out.dependencies)
    out.lock_files = sorted(set(out.lock_files))
    _CACHE[repo] = out
    return out


def _dedupe(deps: list[Dependency]) -> list[Dependency]:
    seen: dict[tuple[str, str, int | None], Dependency] = {}
    for d in deps:
        seen.setdefault((d.name, d.path, d.line), d)
    return list(seen.values())


def _covered(repo: RepoView, manifest: str) -> bool:
    folder = PurePosixPath(manifest).parent
    name = PurePosixPath(manifest).name
    for lock in _COVERS.get(name, ()):
        if repo.exists((folder / lock).as_posix() if str(folder) != "." else lock):
            return True
    return False


def _add(out: Declarations, req: str, path: str, line: int | None, locked: bool) -> None:
    parsed = parse_requirement(req)
    if parsed:
        name, spec = parsed
        out.dependencies.append(Dependency(name, spec, path, line, locked or is_pinned(spec)))


def _requirements(repo: RepoView, path: str, out: Declarations, hashed_locks: bool) -> None:
    lines = repo.lines(path)
    if hashed_locks and any("--hash=" in ln for ln in lines):
        out.lock_files.append(path)  # pip-compile --generate-hashes output: a lock file
    for n, raw in enumerate(lines, start=1):
        line = raw.split(" #", 1)[0].strip().rstrip("\\").strip()
        if line.startswith(("-r ", "-c ", "--requirement", "--constraint")):
            target = line.split(None, 1)[1].strip() if " " in line else ""
            _include(repo, path, target, out)
            continue
        _add(out, line, path, n, False)


def _include(repo: RepoView, path: str, target: str, out: Declarations) -> None:
    """Follow ``-r other.txt``: parse it too unless it is already read."""
    folder = PurePosixPath(path).parent
    full = PurePosixPath(os.path.normpath((folder / target).as_posix())).as_posix()
    if repo.exists(full) and full not in out.read:
        out.read.add(full)
        _requirements(repo, full, out, hashed_locks=True)


def _line_of(repo: RepoView, path: str, needle: str) -> int | None:
    pattern = re.compile(r"^\s*[\"']?" + re.escape(needle) + r"(?![\w.-])", re.IGNORECASE)
    for n, line in enumerate(repo.lines(path), start=1):
        if pattern.search(line) or f'"{needle}"' in line or f"'{needle}'" in line:
            return n
    return None


def _pyproject(repo: RepoView, path: str, out: Declarations) -> None:
    data = repo.toml(path) or {}
    locked = _covered(repo, path)
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    reqs: list[Any] = list(project.get("dependencies", []) or [])
    for group in (project.get("optional-dependencies") or {}).values():
        reqs.extend(group or [])
    for group in (data.get("dependency-groups") or {}).values():
        reqs.extend(g for g in group or [] if isinstance(g, str))
    tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
    for group in ((tool.get("pdm") or {}).get("dev-dependencies") or {}).values():
        reqs.extend(group or [])
    for req in reqs:
        if isinstance(req, str):
            _add(out, req, path, _line_of(repo, path, req.split(";")[0].strip()), locked)
    _poetry(repo, path, tool.get("poetry") or {}, out, locked)


def _poetry(repo: RepoView, path: str, poetry: dict[str, Any], out: Declarations, locked: bool) -> None:
    tables: list[Any] = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [g.get("dependencies") for g in (poetry.get("group") or {}).values() if isinstance(g, dict)]
    for table in tables:
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if name.lower() == "python":
                continue
            spec = (
                value
                if isinstance(value, str)
                else str(value.get("version", ""))
                if isinstance(value, dict)
                else ""
            )
            pinned = locked or bool(re.fullmatch(r"=?=?\s*\d[\w.]*", spec.strip()))
            line = _line_of(repo, path, name)
            out.dependencies.append(Dependency(normalise(name), spec, path, line, pinned))


def _setup_cfg(repo: RepoView, path: str, out: Declarations) -> None:
    active = False
    for n, raw in enumerate(repo.lines(path), start=1):
        stripped = raw.strip()
        if re.match(r"^(install_requires|[\w-]+\s*=)", stripped) and not raw[:1].isspace():
            active = stripped.startswith("install_requires")
            stripped = stripped.split("=", 1)[1].strip() if active else ""
        elif stripped.startswith("[") or (raw and not raw[:1].isspace() and "=" in raw):
            active = False
        if active and stripped:
            _add(out, stripped, path, n, False)


def _setup_py(repo: RepoView, path: str, out: Declarations) -> None:
    text = repo.text(path) or ""
    m = re.search(r"install_requires\s*=\s*\[(.*?)\]", text, re.DOTALL)
    if not m:
        return
    for q in re.finditer(r"[\"']([^\"']+)[\"']", m.group(1)):
        line = text.count("\n", 0, m.start(1) + q.start()) + 1
        _add(out, q.group(1), path, line, False)


def _pipfile(repo: RepoView, path: str, out: Declarations) -> None:
    data = repo.toml(path) or {}
    locked = _covered(repo, path)
    for section in ("packages", "dev-packages"):
        table = data.get(section)
        for name, value in table.items() if isinstance(table, dict) else ():
            spec = (
                value
                if isinstance(value, str)
                else str(value.get("version", ""))
                if isinstance(value, dict)
                else ""
            )
            spec = "" if spec == "*" else spec
            pinned = locked or is_pinned(spec)
            out.dependencies.append(
                Dependency(normalise(name), spec, path, _line_of(repo, path, name), pinned)
            )


def _conda(repo: RepoView, path: str, out: Declarations) -> None:
    folder = PurePosixPath(path).parent
    locked = any(
        repo.exists((folder / lock).as_posix() if str(folder) != "." else lock)
        for lock in ("conda-lock.yml", "conda-lock.yaml")
    )
    for entry in conda_env.entries(repo, path):
        if entry.pip:
            _add(out, entry.text, path, entry.line, locked)
        else:
            pinned = locked or entry.pinned
            out.dependencies.append(Dependency(normalise(entry.name), entry.spec, path, entry.line, pinned))
