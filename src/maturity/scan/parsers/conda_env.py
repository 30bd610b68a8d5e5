"""Conda environment files, whatever their name (``environment.yml``, ``conda_dependencies.yml``...).

A YAML file is a conda environment when its top level is a mapping with a ``dependencies:`` list holding
package strings (or a ``pip:`` sub-list) and a ``name:`` or ``channels:`` key. ``environment.yml`` /
``environment.yaml`` are read even without ``name:``/``channels:``. A Helm ``Chart.yaml`` (dependencies
are mappings with ``repository:``) is not a conda file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from maturity.scan.repo import RepoView

ALWAYS = ("environment.yml", "environment.yaml")
_TOP_DEPS = re.compile(r"^dependencies:\s*$", re.MULTILINE)
_NAME = re.compile(r"^([A-Za-z0-9._-]+)\s*(.*)$")
# ``pkg==1.2``, ``pkg=1.2=build``, ``pkg=1.2.3``, ``pkg 1.2.3``. Conda's single ``=`` is a prefix match:
# ``pkg=1.2`` means any 1.2.x (a minor-version wildcard like ``pkg=1.2.*``) unless a build string follows.
_PIN = re.compile(
    r"==\s*\d[\w.+!-]*|=?\s*\d[\w.+!-]*\s*=\s*[\w.]+|(=\s*|\s*)\d[\w+!-]*\.[\w+!-]+\.[\w.+!-]+(\s+[\w.]+)?"
)
NOT_PACKAGES = frozenset({"python", "pip"})


@dataclass(frozen=True)
class CondaEntry:
    """One entry of ``dependencies:``: a conda package (name, spec, pinned) or a pip requirement (``pip``)."""

    text: str
    line: int | None
    pip: bool
    name: str = ""
    spec: str = ""
    pinned: bool = False


def env_files(repo: RepoView) -> list[str]:
    """Every conda environment file of the repository."""
    out = list(repo.named(*ALWAYS))
    for path in repo.with_suffix(".yml", ".yaml"):
        if path in out or not _TOP_DEPS.search(repo.text(path) or ""):
            continue
        data = repo.yaml(path)
        if isinstance(data, dict) and ("name" in data or "channels" in data) and _conda_list(data):
            out.append(path)
    return sorted(out)


def _conda_list(data: dict[object, object]) -> bool:
    deps = data.get("dependencies")
    if not isinstance(deps, list):
        return False
    return any(isinstance(d, str) or (isinstance(d, dict) and set(d) == {"pip"}) for d in deps)


def entries(repo: RepoView, path: str) -> list[CondaEntry]:
    """Conda packages (python and pip themselves left out) and pip requirements of one environment file."""
    data = repo.yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        return []
    out: list[CondaEntry] = []
    for item in data["dependencies"]:
        if isinstance(item, str):
            entry = _package(repo, path, item)
            if entry:
                out.append(entry)
        elif isinstance(item, dict) and isinstance(item.get("pip"), list):
            out += [
                CondaEntry(req, _line(repo, path, req), True) for req in item["pip"] if isinstance(req, str)
            ]
    return out


def _package(repo: RepoView, path: str, item: str) -> CondaEntry | None:
    m = _NAME.match(item.split("::")[-1].strip())
    if not m or m.group(1).lower() in NOT_PACKAGES:
        return None
    spec = m.group(2).strip()
    pinned = bool(spec) and "*" not in spec and bool(_PIN.fullmatch(spec))
    shown = "=" + spec if spec.startswith("=") and not spec.startswith("==") else spec
    return CondaEntry(item, _line(repo, path, item), False, m.group(1), shown, pinned)


def _line(repo: RepoView, path: str, item: str) -> int | None:
    pattern = re.compile(r"^\s*-\s*[\"']?" + re.escape(item) + r"[\"']?\s*(#.*)?$")
    for n, line in enumerate(repo.lines(path), start=1):
        if pattern.match(line):
            return n
    return None
